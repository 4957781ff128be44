import type { Category } from '../../../worker/db/queries/reference'
import type { FieldErrors, FormValues } from '../../../worker/domain/form'
import { urgencies } from '../../../worker/domain/glossary'
import { SelectField, TextField } from '../../components/Field'
import { AdminNav } from './AdminNav'
import { ListTable } from '../../components/ListTable'

const clockLabels = { calendar: 'Jam kalender (24 jam sehari)', working: 'Jam kerja (jam kantor, tanpa hari libur)' }

export function CategoriesPage(props: { categories: Category[] }) {
  return (
    <>
      <AdminNav current="/admin/categories" />
      <h1>Kategori</h1>
      <p>
        <a class="btn" href="/admin/categories/new">
          Tambah kategori
        </a>
      </p>
      <ListTable headings={['Nama', 'Kelompok', 'Target', 'Urgensi bawaan', 'Status']}>
        {props.categories.map((cat) => (
          <tr>
            <td>
              <a href={`/admin/categories/${cat.id}`}>{cat.name}</a> <span class="muted">({cat.code})</span>
            </td>
            <td>{cat.groupName ?? '—'}</td>
            <td>
              {cat.targetHours} jam {cat.clock === 'working' ? 'kerja' : 'kalender'}
            </td>
            <td>{urgencies[cat.defaultUrgency as keyof typeof urgencies] ?? cat.defaultUrgency}</td>
            <td>{cat.active ? 'Aktif' : <span class="badge">Pensiun</span>}</td>
          </tr>
        ))}
      </ListTable>
    </>
  )
}

export function CategoryFormPage(props: { category?: Category; values: FormValues; errors: FieldErrors }) {
  const v = props.values
  const editing = props.category
  return (
    <>
      <AdminNav current="/admin/categories" />
      <h1>{editing ? `Kategori ${editing.name}` : 'Tambah kategori'}</h1>
      <form method="post" action={editing ? `/admin/categories/${editing.id}` : '/admin/categories'}>
        <TextField name="code" label="Kode" value={v.code ?? ''} errors={props.errors} required maxlength={40} hint="Huruf kecil dan tanda hubung, mis. jps-kesehatan." />
        <TextField name="name" label="Nama" value={v.name ?? ''} errors={props.errors} required maxlength={100} />
        <TextField name="group_name" label="Kelompok" value={v.group_name ?? ''} errors={props.errors} maxlength={100} hint="Mis. JPS Kesehatan; untuk laporan." />
        <TextField name="target_hours" label="Target (jam)" type="number" value={v.target_hours ?? ''} errors={props.errors} required inputmode="numeric" extra={{ min: '1', max: '8760' }} />
        <SelectField name="clock" label="Cara menghitung target" value={v.clock ?? ''} options={Object.entries(clockLabels)} errors={props.errors} required />
        <SelectField name="default_urgency" label="Urgensi bawaan" value={v.default_urgency ?? ''} options={Object.entries(urgencies)} errors={props.errors} required />
        <TextField name="sort" label="Urutan" type="number" value={v.sort ?? '0'} errors={props.errors} inputmode="numeric" />
        <div class="field">
          <label>
            <input type="checkbox" name="active" value="1" checked={v.active === '1'} /> Aktif (dapat dipilih pada laporan baru)
          </label>
          <div class="hint">Kategori yang dipensiunkan tetap tampil pada kasus lama dan laporan.</div>
        </div>
        <button type="submit">{editing ? 'Simpan perubahan' : 'Buat kategori'}</button>
      </form>
      {editing && (
        <form method="post" action={`/admin/categories/${editing.id}/${editing.active ? 'retire' : 'restore'}`}>
          <button type="submit" class="btn secondary">
            {editing.active ? 'Pensiunkan kategori' : 'Aktifkan kembali'}
          </button>
        </form>
      )}
    </>
  )
}
