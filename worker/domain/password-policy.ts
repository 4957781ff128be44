/**
 * Password rules of SECURITY.md (NIST SP 800-63B, ASVS 6.2): at least 8 characters, long
 * passphrases welcome, no composition rules, and no password from a list of common ones.
 */

export const minPasswordLength = 8
// Generous, so passphrases and password managers fit; bounded, so hashing cannot be made slow.
export const maxPasswordLength = 256

// The most used passwords worldwide and in Indonesia (leaked-password lists), at 8+ characters.
const common = new Set(
  [
    'password', 'password1', 'password123', '12345678', '123456789', '1234567890', '11111111', '00000000',
    '88888888', '12341234', '87654321', 'qwertyui', 'qwerty123', 'qwertyuiop', 'asdfghjk', 'abcd1234', 'abc12345',
    'iloveyou', 'sunshine', 'princess', 'football', 'baseball', 'welcome1', 'welcome123', 'admin123', 'administrator',
    'letmein1', 'trustno1', 'superman', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'changeme', 'default1',
    'bismillah', 'bismillah123', 'indonesia', 'indonesia123', 'sayangku', 'sayang123', 'kucing123', 'rahasia123',
    'rahasia', 'katasandi', 'katasandi123', 'merdeka45', 'garuda123',
    'sigap123', 'sigap2026', 'dinassosial', 'dinsos123', 'alhamdulillah', 'qwerty12',
    '1q2w3e4r', '1qaz2wsx', 'zaq12wsx', 'asdf1234', 'asdfghjkl', 'zxcvbnm1', 'q1w2e3r4', 'aa123456', 'a1234567',
  ],
)

export type PasswordCheck = { ok: true } | { ok: false; message: string }

/** Checks a new password; `context` holds words that must not be the password (username, name). */
export function checkNewPassword(password: string, context: string[] = []): PasswordCheck {
  const length = [...password.normalize('NFC')].length
  if (length < minPasswordLength) return { ok: false, message: `Kata sandi paling sedikit ${minPasswordLength} karakter.` }
  if (length > maxPasswordLength) return { ok: false, message: `Kata sandi paling banyak ${maxPasswordLength} karakter.` }
  const lowered = password.toLowerCase()
  if (common.has(lowered) || /^(.)\1+$/.test(password)) return { ok: false, message: 'Kata sandi ini terlalu umum; pilih yang lain.' }
  if (context.some((word) => word.length >= 3 && lowered === word.toLowerCase())) return { ok: false, message: 'Kata sandi tidak boleh sama dengan nama pengguna atau nama.' }
  return { ok: true }
}

// No 0/O, 1/l/I: a temporary password is often read out over the phone.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789'

/** A temporary password of four groups of four characters (about 79 bits), e.g. "kq7m-3xha-…". */
export function temporaryPassword(random: (n: number) => Uint8Array = (n) => crypto.getRandomValues(new Uint8Array(n))): string {
  const out: string[] = []
  // Rejection sampling keeps every character equally likely.
  while (out.length < 16) {
    for (const byte of random(32)) {
      if (byte < 248 && out.length < 16) out.push(alphabet[byte % alphabet.length]!)
    }
  }
  return [0, 4, 8, 12].map((i) => out.slice(i, i + 4).join('')).join('-')
}
