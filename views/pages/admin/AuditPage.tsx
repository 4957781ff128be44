import { formatDateTime } from '../../../worker/domain/format'
import { auditActionLabel } from '../../../worker/domain/glossary'
import { TextField } from '../../components/Field'
import type { AuditRow } from '../../../worker/db/queries/audit'
import { ListTable } from '../../components/ListTable'
import type { FieldErrors, FormValues } from '../../../worker/domain/form'

export type AuditQuery = { case: string; user: string; action: string; from: string; to: string; page: number }

const queryString = (q: AuditQuery, page: number) =>
  new URLSearchParams({ ...Object.fromEntries(Object.entries(q).filter(([k, v]) => k !== 'page' && v !== '')), ...(page > 1 ? { page: String(page) } : {}) }).toString()

/** The audit log (UU PDP Pasal 31): filters, one page of rows, a CSV export of the same filter. */
export function AuditPage(props: { query: AuditQuery; errors: FieldErrors; rows: AuditRow[]; hasNext: boolean; zone: string }) {
  const q = props.query
  return (
    <>
      <h1>Log audit</h1>
      <p class="muted">Siapa membaca atau mengubah data pribadi, kapan. Log ini hanya dapat ditambah, tidak dapat diubah atau dihapus.</p>
      <form method="get" action="/admin/audit" class="filters">
        <TextField name="case" label="Kasus (tiket)" value={q.case} errors={props.errors} />
        <TextField name="user" label="Pengguna" value={q.user} errors={props.errors} />
        <TextField name="action" label="Tindakan" value={q.action} errors={props.errors} hint="mis. case.read" />
        <TextField name="from" label="Dari tanggal" type="date" value={q.from} errors={props.errors} />
        <TextField name="to" label="Sampai tanggal" type="date" value={q.to} errors={props.errors} />
        <button type="submit">Saring</button>
      </form>
      <p>
        <a href={`/admin/audit.csv?${queryString(q, 1)}`}>Unduh CSV (saringan ini)</a> · <a href="/admin/privacy">Akses data subjek</a>
      </p>
      <ListTable headings={['Waktu', 'Pengguna', 'Tindakan', 'Kasus', 'Rincian']}>
        {props.rows.map((r) => (
          <tr>
            <td>{formatDateTime(r.at, props.zone)}</td>
            <td>{r.username ?? (r.actorId === null ? 'sistem / publik' : `#${r.actorId}`)}</td>
            <td>
              {auditActionLabel(r.action)} <code>{r.action}</code>
            </td>
            <td>{r.caseId !== null && <a href={`/cases/${r.caseId}`}>{r.ticket ?? `#${r.caseId}`}</a>}</td>
            <td class="mono small">{r.detail}</td>
          </tr>
        ))}
      </ListTable>
      {props.rows.length === 0 && <p>Tidak ada catatan untuk saringan ini.</p>}
      <nav class="pager" aria-label="Halaman">
        {q.page > 1 && <a href={`/admin/audit?${queryString(q, q.page - 1)}`}>‹ Sebelumnya</a>}
        {props.hasNext && <a href={`/admin/audit?${queryString(q, q.page + 1)}`}>Berikutnya ›</a>}
      </nav>
    </>
  )
}

/** Subject access (UU PDP Pasal 32): one person's data and its processing trail, as a download. */
export function SubjectAccessPage(props: { values: FormValues; errors: FieldErrors; message?: string }) {
  return (
    <>
      <h1>Akses data subjek</h1>
      <p>
        Permintaan warga atas datanya (UU PDP Pasal 32) dijawab paling lambat 3×24 jam. Masukkan NIK orang yang dilaporkan atau nomor telepon pelapor; unduhan berisi semua kasus
        tentang orang itu beserta jejak pemrosesannya (log audit). Unduhan ini sendiri dicatat di log audit.
      </p>
      {props.message && (
        <div class="notice bad" role="alert">
          {props.message}
        </div>
      )}
      <form method="post" action="/admin/privacy/export">
        <TextField name="nik" label="NIK" value={props.values.nik ?? ''} errors={props.errors} inputmode="numeric" maxlength={32} />
        <TextField name="phone" label="Nomor telepon pelapor" value={props.values.phone ?? ''} errors={props.errors} inputmode="tel" maxlength={32} />
        <label class="choice">
          <input type="radio" name="format" value="json" checked /> JSON
        </label>
        <label class="choice">
          <input type="radio" name="format" value="csv" /> CSV
        </label>
        <button type="submit">Unduh data</button>
      </form>
    </>
  )
}
