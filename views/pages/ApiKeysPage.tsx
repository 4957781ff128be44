import { formatDateTime } from '../../worker/domain/format'
import { ButtonForm } from '../components/ButtonForm'
import { ListTable } from '../components/ListTable'
import { RequiredMark } from '../components/Field'

export type ApiKeyRow = { id: number; name: string; keyPrefix: string; createdAt: number; revokedAt: number | null }

/** Open311 keys: issue one (shown once), revoke one. */
export function ApiKeysPage(props: { keys: ApiKeyRow[]; zone: string; newKey?: string; error?: string; name?: string }) {
  return (
    <>
      <h1>Kunci API Open311</h1>
      <p>
        Kunci untuk aplikasi lain (chat bot, gateway WhatsApp, klien 311) yang mengirim laporan lewat <code>/open311/v2/</code>. Setiap permintaan
        dicatat dan dibatasi per kunci.
      </p>
      {props.newKey && (
        <div class="notice" role="status">
          Kunci baru (hanya ditampilkan sekali, simpan sekarang): <code id="new-key">{props.newKey}</code>
        </div>
      )}
      <form method="post" action="/admin/api-keys" class="filters">
        <div class="field">
          <label for="f-name">
            Nama pemakai kunci
            <RequiredMark />
          </label>
          <input type="text" id="f-name" name="name" value={props.name ?? ''} required maxlength={100} aria-invalid={props.error ? 'true' : undefined} />
          {props.error && <p class="error">{props.error}</p>}
        </div>
        <button type="submit">Terbitkan kunci</button>
      </form>
      <ListTable headings={['Nama', 'Awalan', 'Dibuat', 'Status', '']}>
        {props.keys.map((k) => (
          <tr>
            <td>{k.name}</td>
            <td>
              <code>{k.keyPrefix}…</code>
            </td>
            <td>{formatDateTime(k.createdAt, props.zone)}</td>
            <td>{k.revokedAt ? `Dicabut ${formatDateTime(k.revokedAt, props.zone)}` : 'Aktif'}</td>
            <td>
              {!k.revokedAt && (
                <ButtonForm action={`/admin/api-keys/${k.id}/revoke`}>Cabut</ButtonForm>
              )}
            </td>
          </tr>
        ))}
      </ListTable>
    </>
  )
}
