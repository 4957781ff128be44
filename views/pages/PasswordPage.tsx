import type { FieldErrors } from '../../worker/domain/form'
import { maxPasswordLength, minPasswordLength } from '../../worker/domain/password-policy'
import { TextField } from '../components/Field'

/** The signed-in user's own password; forced after an admin set a temporary one. */
export function PasswordPage(props: { errors: FieldErrors; forced: boolean; done?: boolean }) {
  return (
    <>
      <h1>Ganti kata sandi</h1>
      {props.forced && (
        <div class="notice warn" role="status">
          Anda masuk dengan kata sandi sementara. Buat kata sandi baru sebelum melanjutkan.
        </div>
      )}
      {props.done && (
        <div class="notice" role="status">
          Kata sandi sudah diganti.
        </div>
      )}
      <form method="post" action="/account/password">
        <TextField name="current_password" label="Kata sandi sekarang" type="password" value="" errors={props.errors} autocomplete="current-password" required />
        <TextField
          name="new_password"
          label="Kata sandi baru"
          type="password"
          value=""
          errors={props.errors}
          autocomplete="new-password"
          required
          hint={`Paling sedikit ${minPasswordLength} karakter; boleh berupa kalimat panjang. Hindari kata sandi yang umum.`}
          extra={{ minlength: String(minPasswordLength), maxlength: String(maxPasswordLength) }}
        />
        <TextField name="confirm_password" label="Ulangi kata sandi baru" type="password" value="" errors={props.errors} autocomplete="new-password" required />
        <button type="submit">Simpan kata sandi</button>
      </form>
    </>
  )
}
