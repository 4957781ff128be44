import type { LadderRow } from '../../../worker/domain/admin-forms'
import type { FieldErrors } from '../../../worker/domain/form'
import { LadderWarnings } from '../../components/LadderWarnings'
import type { unreachableRungs } from '../../../worker/domain/escalation'
import { AdminNav } from './AdminNav'
import { roleLabel } from '../../../worker/domain/glossary'

export type LadderProps = { rows: LadderRow[]; errors: FieldErrors; roles: readonly string[]; staff: { id: number; displayName: string; role: string }[]; saved?: boolean; usingDefault?: boolean; unreachable?: ReturnType<typeof unreachableRungs> }

/** Each rung is one fieldset; an extra empty rung at the end adds one, "hapus" removes one. */
export function LadderPage(props: LadderProps) {
  const rows: (LadderRow & { blank?: boolean })[] = [...props.rows, { rung: String(props.rows.length ? Number(props.rows[props.rows.length - 1]!.rung) + 1 : 1), label: '', afterHours: '', targetPercent: '', notifyAssignee: false, roles: [], userIds: [], blank: true }]
  return (
    <>
      <AdminNav current="/admin/ladder" />
      <h1>Tangga eskalasi</h1>
      <p class="muted">
        Anak tangga 0 mengingatkan sebelum target (persen dari target). Anak tangga 1 berlaku saat target terlewati, ditambah jamnya; setiap anak tangga berikutnya sekian jam setelah anak tangga sebelumnya.
      </p>
      {props.usingDefault && (
        <div class="notice" role="status">
          Belum disimpan: yang tampil adalah tangga bawaan.
        </div>
      )}
      {props.saved && (
        <div class="notice" role="status">
          Tangga eskalasi tersimpan.
        </div>
      )}
      {props.unreachable && <LadderWarnings problems={props.unreachable} />}
      {props.errors.ladder && (
        <p class="error" role="alert">
          {props.errors.ladder}
        </p>
      )}
      <form method="post" action="/admin/ladder">
        <input type="hidden" name="count" value={String(rows.length)} />
        {rows.map((row, i) => {
          const error = props.errors[`row_${i}`]
          const blank = !!row.blank
          return (
            <fieldset>
              <legend>{blank ? 'Tambah anak tangga (biarkan kosong bila tidak perlu)' : `Anak tangga ${row.rung}`}</legend>
              {error && (
                <p class="error" id={`e-row_${i}`}>
                  {error}
                </p>
              )}
              <div class="grid">
                <div class="field">
                  <label for={`f-rung_${i}`}>Nomor</label>
                  <input type="number" id={`f-rung_${i}`} name={`rung_${i}`} value={row.rung} min="0" max="20" />
                </div>
                <div class="field">
                  <label for={`f-label_${i}`}>Nama</label>
                  <input type="text" id={`f-label_${i}`} name={`label_${i}`} value={row.label} maxlength={100} />
                </div>
                <div class="field">
                  <label for={`f-after_hours_${i}`}>Jam setelah anak tangga sebelumnya</label>
                  <input type="number" id={`f-after_hours_${i}`} name={`after_hours_${i}`} value={row.afterHours} min="0" max="9999" />
                </div>
                <div class="field">
                  <label for={`f-target_percent_${i}`}>Pengingat: % dari target (anak tangga 0)</label>
                  <input type="number" id={`f-target_percent_${i}`} name={`target_percent_${i}`} value={row.targetPercent} min="1" max="99" />
                </div>
              </div>
              <div class="field">
                <label>
                  <input type="checkbox" name={`assignee_${i}`} value="1" checked={row.notifyAssignee} /> Fasilitator yang ditugaskan
                </label>
                {props.roles.map((role) => (
                  <label class="choice">
                    <input type="checkbox" name={`roles_${i}`} value={role} checked={row.roles.includes(role)} /> {roleLabel(role)}
                  </label>
                ))}
              </div>
              <div class="field">
                <label for={`f-users_${i}`}>Pengguna tertentu</label>
                <select id={`f-users_${i}`} name={`users_${i}`} multiple size={4}>
                  {props.staff.map((u) => (
                    <option value={String(u.id)} selected={row.userIds.includes(String(u.id))}>
                      {u.displayName} ({roleLabel(u.role)})
                    </option>
                  ))}
                </select>
              </div>
              {!blank && (
                <label>
                  <input type="checkbox" name={`remove_${i}`} value="1" /> Hapus anak tangga ini
                </label>
              )}
            </fieldset>
          )
        })}
        <button type="submit">Simpan tangga eskalasi</button>
      </form>
    </>
  )
}
