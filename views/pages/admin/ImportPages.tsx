import type { ImportedUser, RowProblem, UnmatchedValue } from '../../../worker/domain/import'
import { caseImportFieldKeys, caseImportFields, type CaseImportField } from '../../../worker/domain/import'
import { AdminNav } from './AdminNav'
import { roleLabel } from '../../../worker/domain/glossary'
import { RequiredMark } from '../../components/Field'
import { ListTable } from '../../components/ListTable'

// A page lists this many problem rows; the count says how many more there are.
const shownProblems = 500

export function UploadPage(props: { kind: 'cases' | 'users'; error?: string; recent?: { id: number; fileName: string; uploadedAt: string; importedCount: number }[] }) {
  const cases = props.kind === 'cases'
  const action = `/admin/imports/${props.kind}`
  return (
    <>
      <AdminNav current={cases ? '/admin/imports/cases' : '/admin/users'} />
      <h1>{cases ? 'Impor arsip kasus' : 'Impor pengguna'}</h1>
      <p>
        {cases
          ? 'Unggah berkas CSV dari lembar kerja (UTF-8 atau Windows-1252, pemisah koma atau titik koma). Setelah diunggah, cocokkan kolomnya dan periksa setiap baris sebelum disimpan. Baris yang sah disimpan sebagai kasus yang sudah ditutup; mengimpor berkas yang sama lagi tidak membuat kasus ganda.'
          : 'Unggah berkas CSV dengan kolom: username, nama, peran, kelurahan (beberapa dipisah |), hp, email. Setiap baris diperiksa dulu; tidak ada yang disimpan sebelum Anda menyetujui.'}
      </p>
      {props.error && (
        <div class="notice bad" role="alert">
          {props.error}
        </div>
      )}
      <form method="post" action={action} enctype="multipart/form-data">
        <div class="field">
          <label for="f-file">
            Berkas CSV
            <RequiredMark />
          </label>
          <input type="file" id="f-file" name="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit">Unggah dan periksa</button>
      </form>
      {props.recent && props.recent.length > 0 && (
        <>
          <h2>Unggahan terakhir</h2>
          <ul>
            {props.recent.map((r) => (
              <li>
                <a href={`${action}/${r.id}`}>{r.fileName}</a> <span class="muted">· {r.uploadedAt} · {r.importedCount} kasus dibuat</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  )
}

export function Problems(props: { problems: RowProblem[] }) {
  if (props.problems.length === 0) return <p>Tidak ada baris bermasalah.</p>
  return (
    <>
      <ListTable headings={['Baris', 'Masalah']} class="problems">
        {props.problems.slice(0, shownProblems).map((p) => (
          <tr>
            <td>{p.line}</td>
            <td>{p.messages.join(' ')}</td>
          </tr>
        ))}
      </ListTable>
      {props.problems.length > shownProblems && <p class="muted">… dan {props.problems.length - shownProblems} baris bermasalah lainnya.</p>}
    </>
  )
}

export type CaseImportProps = {
  id: number
  fileName: string
  header: string[]
  columns: Partial<Record<CaseImportField, number>>
  defaultCategoryId: number | null
  categories: [string, string][]
  kelurahan: [string, string][]
  unmatched: UnmatchedValue[]
  mappingErrors: string[]
  totalRows: number
  validCount: number
  problems: RowProblem[]
  sample: { line: number; receivedAt: string; kelurahan: string; personName: string; category: string }[]
  importedCount: number
  done?: { created: number }
}

/** Map columns, then the preview of that mapping and the button that imports the valid rows. */
export function CaseImportPage(props: CaseImportProps) {
  const base = `/admin/imports/cases/${props.id}`
  return (
    <>
      <AdminNav current="/admin/imports/cases" />
      <h1>Impor arsip kasus: {props.fileName}</h1>
      {props.done && (
        <div class="notice" role="status">
          Impor selesai: {props.done.created} kasus baru dibuat
          {props.validCount - props.done.created > 0 && `, ${props.validCount - props.done.created} sudah ada sebelumnya`}.
        </div>
      )}
      <h2>1. Cocokkan kolom</h2>
      <form method="post" action={`${base}/mapping`}>
        <div class="grid">
          {caseImportFieldKeys.map((field) => (
            <div class="field">
              <label for={`f-col_${field}`}>
                {caseImportFields[field].label}
                {caseImportFields[field].required && <span aria-hidden="true"> *</span>}
              </label>
              <select id={`f-col_${field}`} name={`col_${field}`}>
                <option value="">— tidak ada —</option>
                {props.header.map((h, i) => (
                  <option value={String(i)} selected={props.columns[field] === i}>
                    {`Kolom ${i + 1}: “${h}”`}
                  </option>
                ))}
              </select>
            </div>
          ))}
          <div class="field">
            <label for="f-default_category">Kategori bila kolom kategori kosong</label>
            <select id="f-default_category" name="default_category">
              <option value="">— tidak ada —</option>
              {props.categories.map(([id, name]) => (
                <option value={id} selected={String(props.defaultCategoryId) === id}>
                  {name}
                </option>
              ))}
            </select>
          </div>
        </div>
        {props.mappingErrors.map((m) => (
          <p class="error">{m}</p>
        ))}
        <button type="submit">Terapkan dan periksa ulang</button>
      </form>

      {props.unmatched.length > 0 && <ValueMappingForm {...props} action={`${base}/values`} />}

      <h2>2. Pratinjau</h2>
      <p>
        {props.totalRows} baris data: <strong>{props.validCount} sah</strong>, <strong class={props.problems.length ? 'late' : ''}>{props.problems.length} bermasalah</strong> (tidak akan diimpor).
      </p>
      {props.sample.length > 0 && (
        <table>
          <caption class="muted">Contoh baris sah</caption>
          <thead>
            <tr>
              <th>Baris</th>
              <th>Tanggal</th>
              <th>Kelurahan</th>
              <th>Nama</th>
              <th>Kategori</th>
            </tr>
          </thead>
          <tbody>
            {props.sample.map((s) => (
              <tr>
                <td>{s.line}</td>
                <td>{s.receivedAt}</td>
                <td>{s.kelurahan}</td>
                <td>{s.personName}</td>
                <td>{s.category}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Baris bermasalah</h3>
      <Problems problems={props.problems} />

      <h2>3. Impor</h2>
      {props.validCount === 0 || props.mappingErrors.length > 0 ? (
        <p class="muted">Belum ada baris sah untuk diimpor.</p>
      ) : (
        <form method="post" action={`${base}/run`} hx-post={`${base}/run`} hx-target="#import-progress" hx-swap="outerHTML">
          <input type="hidden" name="from" value="0" />
          <p>Sudah dibuat dari berkas ini: {props.importedCount} kasus.</p>
          <button type="submit">Impor {props.validCount} baris sah sebagai kasus yang sudah ditutup</button>
        </form>
      )}
      <div id="import-progress"></div>
    </>
  )
}

const fieldNames = { category: 'Kategori', kelurahan: 'Kelurahan' } as const

/**
 * Each value of the category and kelurahan columns that matched nothing, once: the admin says what
 * it means (the guesses first), and the answer is remembered for the next file from the same source.
 */
function ValueMappingForm(props: CaseImportProps & { action: string }) {
  const optionsOf = (field: UnmatchedValue['field']) => (field === 'category' ? props.categories : props.kelurahan)
  return (
    <form method="post" action={props.action} id="value-mapping">
      <h2>Cocokkan isi kolom</h2>
      <p>
        Nilai di bawah tidak sama dengan nama kategori atau kelurahan di Sigap. Pilih artinya sekali; baris dengan nilai itu ikut diimpor, dan pilihan
        diingat untuk berkas berikutnya dengan judul kolom yang sama. Yang dibiarkan “— tolak barisnya —” tidak diimpor.
      </p>
      <ListTable headings={['Kolom', 'Nilai di berkas', 'Baris', 'Artinya']}>
        {props.unmatched.map((v) => {
          const options = optionsOf(v.field)
          const label = (value: string) => options.find(([id]) => id === value)?.[1] ?? value
          const name = `v_${v.field}_${v.key}`
          return (
            <tr>
              <td>{fieldNames[v.field]}</td>
              <td>
                <label for={`f-${name}`}>{v.text}</label>
              </td>
              <td>
                {v.count} baris ({v.lines.join(', ')}
                {v.count > v.lines.length ? ', …' : ''})
              </td>
              <td>
                <select id={`f-${name}`} name={name}>
                  <option value="">— tolak barisnya —</option>
                  {v.guesses.length > 0 && (
                    <optgroup label="Tebakan">
                      {v.guesses.map((g) => (
                        <option value={g} selected={v.mapped === g}>
                          {label(g)}
                        </option>
                      ))}
                    </optgroup>
                  )}
                  <optgroup label={`Semua ${fieldNames[v.field].toLowerCase()}`}>
                    {options
                      .filter(([id]) => !v.guesses.includes(id))
                      .map(([id, text]) => (
                        <option value={id} selected={v.mapped === id}>
                          {text}
                        </option>
                      ))}
                  </optgroup>
                </select>
              </td>
            </tr>
          )
        })}
      </ListTable>
      <button type="submit">Simpan arti nilai dan periksa ulang</button>
    </form>
  )
}

/** One step of a chunked import: the bar, and, while rows remain, the request for the next step. */
export function ImportProgress(props: { id: number; done: number; total: number; created: number }) {
  const finished = props.done >= props.total
  return (
    <div id="import-progress" role="status">
      <progress value={String(props.done)} max={String(props.total)}></progress>{' '}
      {finished ? (
        <>
          Selesai: {props.total} baris diproses, {props.created} kasus baru. <a href={`/admin/imports/cases/${props.id}`}>Muat ulang ringkasan</a>
        </>
      ) : (
        <>
          {props.done} dari {props.total} baris…
          <div hx-post={`/admin/imports/cases/${props.id}/run`} hx-vals={JSON.stringify({ from: props.done, created: props.created })} hx-trigger="load" hx-target="#import-progress" hx-swap="outerHTML"></div>
        </>
      )}
    </div>
  )
}

export function UserImportPage(props: { id: number; fileName: string; missingColumns: string[]; valid: ImportedUser[]; problems: RowProblem[]; kelurahanNames: Map<string, string> }) {
  return (
    <>
      <AdminNav current="/admin/users" />
      <h1>Impor pengguna: {props.fileName}</h1>
      {props.missingColumns.length > 0 ? (
        <div class="notice bad" role="alert">
          Kolom wajib tidak ditemukan: {props.missingColumns.join(', ')}.
        </div>
      ) : (
        <>
          <p>
            <strong>{props.valid.length} baris sah</strong>, <strong class={props.problems.length ? 'late' : ''}>{props.problems.length} bermasalah</strong>.
          </p>
          <Problems problems={props.problems} />
          {props.valid.length > 0 && (
            <>
              <h2>Akan dibuat</h2>
              <ListTable headings={['Baris', 'Nama pengguna', 'Nama', 'Peran', 'Kelurahan']}>
                {props.valid.map((u) => (
                  <tr>
                    <td>{u.line}</td>
                    <td>{u.username}</td>
                    <td>{u.displayName}</td>
                    <td>{roleLabel(u.role)}</td>
                    <td>{u.kelurahan.map((k) => props.kelurahanNames.get(k) ?? k).join(', ')}</td>
                  </tr>
                ))}
              </ListTable>
              <form method="post" action={`/admin/imports/users/${props.id}/run`}>
                <button type="submit">Buat {props.valid.length} pengguna{props.problems.length > 0 ? ` (lewati ${props.problems.length} baris bermasalah)` : ''}</button>
              </form>
            </>
          )}
        </>
      )}
    </>
  )
}
