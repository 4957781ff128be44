import type { FieldErrors } from '../../worker/domain/form'
import { TextField } from '../components/Field'

export function LoginPage(props: { username: string; next: string; errors: FieldErrors; message?: string }) {
  return (
    <>
      <h1>Masuk</h1>
      {props.message && (
        <div class="notice bad" role="alert">
          {props.message}
        </div>
      )}
      <form method="post" action="/login">
        <input type="hidden" name="next" value={props.next} />
        <TextField name="username" label="Nama pengguna" value={props.username} errors={props.errors} autocomplete="username" required extra={{ autofocus: '' }} />
        <TextField name="password" label="Kata sandi" type="password" value="" errors={props.errors} autocomplete="current-password" required />
        <button type="submit">Masuk</button>
      </form>
    </>
  )
}
