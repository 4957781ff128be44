/**
 * Indonesian phone numbers: normalisation to E.164 (+62…), plus helpers for wa.me links
 * and masked display.
 */

export type PhoneResult = { ok: true; phone: string } | { ok: false; message: string }

// Length of the national significant number (the digits after +62), from Google
// libphonenumber's metadata for region ID (PhoneNumberMetadata.xml): mobile numbers
// (8[1-35-9]…) have 9–12 digits; fixed lines are a 2–3 digit area code plus a 5–8 digit
// subscriber number, 8–11 digits (the 7-digit lines there are legacy Medan numbers).
const MIN_NSN = 8
const MIN_MOBILE_NSN = 9
const MAX_NSN = 12

/**
 * Normalises a typed Indonesian phone number to E.164. Accepts `+62 812-3456-7890`,
 * `0812 3456 7890`, `62812…` and `(0561) 123456`; spaces, dots, hyphens and parentheses
 * are separators. Anything else, or a number of another country, is rejected.
 */
export function normalizePhone(raw: string): PhoneResult {
  // NFKC turns fullwidth digits and punctuation into ASCII; other characters stay and are rejected.
  const text = raw.normalize('NFKC').trim()
  if (text === '') return fail('Nomor telepon wajib diisi.')

  const hasPlus = text.startsWith('+')
  const digits = (hasPlus ? text.slice(1) : text).replace(/[ .()-]/g, '')
  if (!/^[0-9]+$/.test(digits)) return fail('Nomor telepon hanya boleh berisi angka.')

  let nsn: string
  if (hasPlus) {
    if (!digits.startsWith('62')) return fail('Hanya nomor Indonesia (+62) yang diterima.')
    // "+62 (0)812…" is a common way of writing; the trunk 0 is never part of the number.
    nsn = digits.slice(2).replace(/^0/, '')
  } else if (digits.startsWith('0')) {
    nsn = digits.slice(1)
  } else if (digits.startsWith('62')) {
    nsn = digits.slice(2)
  } else {
    return fail('Nomor telepon harus diawali 0, 62, atau +62.')
  }

  // Indonesian numbers start with 2–9 after the country code; 1… are short/special codes.
  if (!/^[2-9]/.test(nsn)) return fail('Nomor telepon tidak valid.')
  const min = nsn.startsWith('8') ? MIN_MOBILE_NSN : MIN_NSN
  if (nsn.length < min) return fail('Nomor telepon terlalu pendek.')
  if (nsn.length > MAX_NSN) return fail('Nomor telepon terlalu panjang.')
  return { ok: true, phone: `+62${nsn}` }
}

/** Digits of an E.164 number without '+', as wa.me links expect (`https://wa.me/6281234567890`). */
export function phoneForWhatsApp(e164: string): string {
  return e164.replace(/\D/g, '')
}

/** The last four digits, for masked display such as "…7890". */
export function lastFourDigits(e164: string): string {
  return e164.replace(/\D/g, '').slice(-4)
}

function fail(message: string): PhoneResult {
  return { ok: false, message }
}
