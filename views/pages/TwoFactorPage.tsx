import { QrCode } from '../components/QrCode'
import { TextField } from '../components/Field'
import type { FieldErrors } from '../../worker/domain/form'

type Common = { next: string; errors: FieldErrors; message?: string }

function Notice(props: { message?: string }) {
  return props.message ? (
    <div class="notice bad" role="alert">
      {props.message}
    </div>
  ) : null
}

/** First sign-in of a role that needs a second factor: scan the code (or type the key), then prove it with one code. */
export function TwoFactorEnrolPage(props: Common & { secret: string; uri: string }) {
  return (
    <>
      <h1>Aktifkan verifikasi dua langkah</h1>
      <Notice message={props.message} />
      <p>Akun dengan peran ini wajib memakai kode dari aplikasi autentikator (Google Authenticator, Microsoft Authenticator, Aegis, FreeOTP) setiap kali masuk.</p>
      <ol>
        <li>Pindai kode QR ini dengan aplikasi autentikator di ponsel Anda.</li>
        <li>
          Atau ketik kunci ini secara manual: <code class="mono" data-totp-secret>{props.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
        </li>
        <li>Masukkan kode 6 angka yang muncul di aplikasi.</li>
      </ol>
      <QrCode text={props.uri} size={200} label="Kode QR untuk aplikasi autentikator" />
      <CodeForm {...props} />
    </>
  )
}

/** Later sign-ins: a code from the app, or one recovery code. */
export function TwoFactorVerifyPage(props: Common) {
  return (
    <>
      <h1>Verifikasi dua langkah</h1>
      <Notice message={props.message} />
      <CodeForm {...props} />
      <details>
        <summary>Ponsel hilang? Pakai kode pemulihan</summary>
        <form method="post" action="/2fa">
          <input type="hidden" name="next" value={props.next} />
          <TextField name="recovery" label="Kode pemulihan" value="" errors={props.errors} autocomplete="off" hint="Setiap kode pemulihan hanya berlaku satu kali." />
          <button type="submit">Masuk dengan kode pemulihan</button>
        </form>
      </details>
    </>
  )
}

function CodeForm(props: Common) {
  return (
    <form method="post" action="/2fa">
      <input type="hidden" name="next" value={props.next} />
      <TextField name="code" label="Kode verifikasi" value="" errors={props.errors} inputmode="numeric" autocomplete="one-time-code" maxlength={7} required extra={{ autofocus: '', pattern: '[0-9 ]{6,7}' }} />
      <button type="submit">Verifikasi</button>
    </form>
  )
}

/** Shown once, right after enrolment: only their hashes are stored. */
export function RecoveryCodesPage(props: { codes: string[]; next: string }) {
  return (
    <>
      <h1>Kode pemulihan</h1>
      <div class="notice warn" role="status">
        Simpan kode-kode ini di tempat aman (dicetak atau ditulis). Kode ini hanya ditampilkan sekali; masing-masing berlaku satu kali jika ponsel Anda hilang.
      </div>
      <ul class="mono" data-recovery-codes>
        {props.codes.map((code) => (
          <li>{code}</li>
        ))}
      </ul>
      <p>
        <a class="btn" href={props.next}>
          Sudah saya simpan, lanjutkan
        </a>
      </p>
    </>
  )
}
