import { Hono, type Context } from 'hono'
import { limitBody } from '../../security/body-limit'
import { HTTPException } from 'hono/http-exception'
import { formatDateTime } from '../../domain/format'
import { CaseImportPage, ImportProgress, UploadPage, UserImportPage } from '../../../views/pages/admin/ImportPages'
import { TemporaryPasswordPage } from '../../../views/pages/admin/UserPages'
import { allUsernames, claimUserUpload, createUsers, findUpload, importCases, recentUploads, saveMapping, saveUpload, setImportedCount } from '../../db/queries/admin'
import { decodeCsv, parseCsv } from '../../domain/csv'
import {
  caseImportFieldKeys,
  caseImportFields,
  categoryLookup,
  checkCaseRows,
  checkUserRows,
  guessMapping,
  kelurahanLookup,
  mergeValues,
  parseValues,
  sourceSettingKey,
  unmatchedValues,
  type CaseMapping,
  type ValueMapping,
} from '../../domain/import'
import { temporaryPassword } from '../../domain/password-policy'
import { computeDueAt } from '../../domain/sla'
import type { AppEnv } from '../../env'
import type { Reference } from '../../reference'
import { isPartialRequest, page } from '../../render'
import { requireRole } from '../../security/middleware'
import { hashPassword } from '../../security/password'
import { actorOf, idParam, roles } from './shared'

export const adminImports = new Hono<AppEnv>()
adminImports.use('*', requireRole('admin'))

// 50,000 rows of a spreadsheet are about 10 MB; twice that leaves room without inviting abuse.
const maxUploadBytes = 20 * 1024 * 1024
// Rows per htmx step: a few seconds of work at most, so the bar moves and no request runs long.
const rowsPerStep = 5_000

const uploadLimit = limitBody(maxUploadBytes + 64 * 1024, () => {
  throw new HTTPException(413, { message: 'Berkas terlalu besar (paling besar 20 MB).' })
})

type Kind = 'cases' | 'users'

async function uploadPage(c: Context<AppEnv>, kind: Kind, error?: string) {
  const zone = c.var.config.zone
  const recent = kind === 'cases' ? (await recentUploads(c.var.db, kind)).map((r) => ({ ...r, uploadedAt: formatDateTime(r.uploadedAt, zone) })) : undefined
  return page(c, kind === 'cases' ? 'Impor arsip kasus' : 'Impor pengguna', <UploadPage kind={kind} error={error} recent={recent} />, { status: error ? 422 : 200 })
}

/** Reads the uploaded CSV, or says what is wrong with it. */
async function readUpload(c: Context<AppEnv>): Promise<{ ok: true; fileName: string; content: string } | { ok: false; message: string }> {
  const body = await c.req.parseBody()
  const file = body.file
  if (!(file instanceof File) || file.size === 0) return { ok: false, message: 'Pilih berkas CSV.' }
  if (file.size > maxUploadBytes) return { ok: false, message: 'Berkas terlalu besar (paling besar 20 MB).' }
  const content = decodeCsv(new Uint8Array(await file.arrayBuffer()))
  if (content.includes('\u0000')) return { ok: false, message: 'Berkas ini bukan CSV (berisi data biner). Simpan lembar kerja sebagai CSV lalu unggah lagi.' }
  if (parseCsv(content.slice(0, 100_000)).length < 2) return { ok: false, message: 'Berkas CSV harus punya baris judul kolom dan paling sedikit satu baris data.' }
  // Only the base name, without control characters: it is shown back and mixed into row keys.
  const fileName = (file.name.split(/[/\\]/).pop() ?? 'berkas.csv').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 120) || 'berkas.csv'
  return { ok: true, fileName, content }
}

for (const kind of ['cases', 'users'] as const) {
  adminImports.get(`/imports/${kind}`, (c) => uploadPage(c, kind))
  adminImports.post(`/imports/${kind}`, uploadLimit, async (c) => {
    const upload = await readUpload(c)
    if (!upload.ok) return uploadPage(c, kind, upload.message)
    const id = await saveUpload(c.var.db, actorOf(c), { kind, fileName: upload.fileName, content: upload.content })
    return c.redirect(`/admin/imports/${kind}/${id}`, 303)
  })
}

// ---- Past cases ----

async function loadCaseUpload(c: Context<AppEnv>) {
  const upload = await findUpload(c.var.db, idParam(c), 'cases')
  if (!upload) throw new HTTPException(404, { message: 'Berkas impor tidak ditemukan.' })
  return upload
}

/** Parses the file and checks every row against the chosen (or guessed) mapping and the value mapping remembered for its source. */
function analyse(upload: { fileName: string; content: string; mapping: string | null }, ref: Reference, zone: string, now: number) {
  const table = parseCsv(upload.content)
  const header = table[0] ?? []
  const mapping: CaseMapping = upload.mapping ? (JSON.parse(upload.mapping) as CaseMapping) : { columns: guessMapping(header), defaultCategoryId: null }
  const mappingErrors = caseImportFieldKeys.filter((f) => caseImportFields[f].required && mapping.columns[f] === undefined).map((f) => `Pilih kolom untuk "${caseImportFields[f].label}".`)
  const remembered = parseValues(ref.settings.get(sourceSettingKey(header)))
  const ctx = {
    kelurahan: kelurahanLookup(ref.kelurahan),
    categories: categoryLookup(ref.categories),
    values: mergeValues(remembered, mapping.values),
    provinceCodes: ref.provinceCodes,
    zone,
    now,
    fileName: upload.fileName,
  }
  const rows = table.slice(1)
  const checked = mappingErrors.length > 0 ? { valid: [], problems: [] } : checkCaseRows(rows, mapping, ctx)
  const unmatched = mappingErrors.length > 0 ? [] : unmatchedValues(rows, mapping, ctx)
  return { header, mapping, mappingErrors, remembered, unmatched, totalRows: rows.length, ...checked }
}

adminImports.get('/imports/cases/:id{[0-9]+}', async (c) => {
  const [upload, ref] = await Promise.all([loadCaseUpload(c), c.var.reference.get()])
  const zone = c.var.config.zone
  const a = analyse(upload, ref, zone, c.var.clock.now())
  const done = c.req.query('created')
  const sample = a.valid.slice(0, 10).map((r) => ({
    line: r.line,
    receivedAt: formatDateTime(r.receivedAt, zone),
    kelurahan: ref.kelurahanByCode.get(r.kelurahanCode)?.name ?? r.kelurahanCode,
    personName: r.personName,
    category: ref.categoryById.get(r.categoryId)?.name ?? '',
  }))
  return page(
    c,
    'Impor arsip kasus',
    <CaseImportPage
      id={upload.id}
      fileName={upload.fileName}
      header={a.header}
      columns={a.mapping.columns}
      defaultCategoryId={a.mapping.defaultCategoryId}
      categories={ref.categories.map((cat) => [String(cat.id), cat.name])}
      kelurahan={ref.kelurahan.map((k) => [k.code, `${k.name} (Kec. ${k.kecamatanName})`])}
      unmatched={a.unmatched}
      mappingErrors={a.mappingErrors}
      totalRows={a.totalRows}
      validCount={a.valid.length}
      problems={a.problems}
      sample={sample}
      importedCount={upload.importedCount}
      done={done !== undefined && /^\d+$/.test(done) ? { created: Number(done) } : undefined}
    />,
  )
})

adminImports.post('/imports/cases/:id{[0-9]+}/mapping', async (c) => {
  const [upload, ref] = await Promise.all([loadCaseUpload(c), c.var.reference.get()])
  const body = await c.req.parseBody()
  const width = (parseCsv(upload.content.slice(0, upload.content.search(/\r|\n/) + 1 || undefined))[0] ?? []).length
  const columns: CaseMapping['columns'] = {}
  for (const field of caseImportFieldKeys) {
    const raw = body[`col_${field}`]
    const index = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : NaN
    if (index < width) columns[field] = index
  }
  const category = Number(body.default_category)
  const previous = upload.mapping ? (JSON.parse(upload.mapping) as CaseMapping) : undefined
  const mapping: CaseMapping = { columns, defaultCategoryId: ref.categoryById.has(category) ? category : null, values: previous?.values }
  await saveMapping(c.var.db, upload.id, JSON.stringify(mapping))
  return c.redirect(`/admin/imports/cases/${upload.id}`, 303)
})

// The admin's meaning for each unrecognised value: kept with this upload and remembered for its source.
adminImports.post('/imports/cases/:id{[0-9]+}/values', async (c) => {
  const [upload, ref] = await Promise.all([loadCaseUpload(c), c.var.reference.get()])
  const a = analyse(upload, ref, c.var.config.zone, c.var.clock.now())
  const body = await c.req.parseBody()
  const chosen: ValueMapping = { category: {}, kelurahan: {} }
  for (const v of a.unmatched) {
    const raw = body[`v_${v.field}_${v.key}`]
    if (typeof raw !== 'string') continue
    const known = v.field === 'category' ? ref.categoryById.has(Number(raw)) : ref.kelurahanByCode.has(raw)
    // An empty or unknown choice refuses the value's rows, also over an earlier answer.
    chosen[v.field]![v.key] = known ? raw : ''
  }
  const mapping: CaseMapping = { ...a.mapping, values: mergeValues(a.mapping.values ?? {}, chosen) }
  await saveMapping(c.var.db, upload.id, JSON.stringify(mapping), { key: sourceSettingKey(a.header), value: JSON.stringify(mergeValues(a.remembered, chosen)) })
  c.var.reference.invalidate()
  return c.redirect(`/admin/imports/cases/${upload.id}`, 303)
})

adminImports.post('/imports/cases/:id{[0-9]+}/run', async (c) => {
  const [upload, ref] = await Promise.all([loadCaseUpload(c), c.var.reference.get()])
  const now = c.var.clock.now()
  const a = analyse(upload, ref, c.var.config.zone, now)
  if (a.mappingErrors.length > 0) return c.redirect(`/admin/imports/cases/${upload.id}`, 303)
  const withDue = (rows: typeof a.valid) =>
    rows.map((r) => {
      const category = ref.categoryById.get(r.categoryId)!
      return { ...r, dueAt: computeDueAt(r.receivedAt, { hours: category.targetHours, clock: category.clock }, ref.calendar) }
    })
  const actor = actorOf(c)
  if (isPartialRequest(c)) {
    // One step per request: htmx asks for the next one until the bar is full.
    const body = await c.req.parseBody()
    const from = Math.max(0, Math.min(a.valid.length, Number(body.from) || 0))
    const step = a.valid.slice(from, from + rowsPerStep)
    const created = (Number(body.created) || 0) + (await importCases(c.var.db, actor, upload.id, withDue(step)))
    return c.html(<ImportProgress id={upload.id} done={from + step.length} total={a.valid.length} created={created} />)
  }
  // Without JavaScript: everything in one request, in batches of one step each.
  let created = 0
  for (let from = 0; from < a.valid.length; from += rowsPerStep) created += await importCases(c.var.db, actor, upload.id, withDue(a.valid.slice(from, from + rowsPerStep)))
  return c.redirect(`/admin/imports/cases/${upload.id}?created=${created}`, 303)
})

// ---- Users ----

async function analyseUsers(c: Context<AppEnv>) {
  const upload = await findUpload(c.var.db, idParam(c), 'users')
  if (!upload) throw new HTTPException(404, { message: 'Berkas impor tidak ditemukan.' })
  const [ref, existing] = await Promise.all([c.var.reference.get(), allUsernames(c.var.db)])
  const checked = checkUserRows(parseCsv(upload.content), { roles, kelurahan: kelurahanLookup(ref.kelurahan), existingUsernames: existing })
  return { upload, ref, ...checked }
}

adminImports.get('/imports/users/:id{[0-9]+}', async (c) => {
  const a = await analyseUsers(c)
  if (a.upload.importedAt) return c.redirect('/admin/users', 303)
  return page(c, 'Impor pengguna', <UserImportPage id={a.upload.id} fileName={a.upload.fileName} missingColumns={a.missingColumns} valid={a.valid} problems={a.problems} kelurahanNames={new Map(a.ref.kelurahan.map((k) => [k.code, k.name]))} />)
})

adminImports.post('/imports/users/:id{[0-9]+}/run', async (c) => {
  const a = await analyseUsers(c)
  if (a.missingColumns.length > 0 || a.valid.length === 0) return c.redirect(`/admin/imports/users/${a.upload.id}`, 303)
  if (!(await claimUserUpload(c.var.db, a.upload.id, c.var.clock.now()))) return c.redirect('/admin/users', 303)
  const entries = await Promise.all(a.valid.map(async (input) => ({ input, password: temporaryPassword() })))
  const hashed = []
  for (const e of entries) hashed.push({ input: e.input, passwordHash: await hashPassword(e.password, c.var.config) })
  await createUsers(c.var.db, actorOf(c), hashed, 'admin.user.import')
  await setImportedCount(c.var.db, a.upload.id, entries.length)
  return page(c, 'Pengguna diimpor', <TemporaryPasswordPage title={`${entries.length} pengguna diimpor`} rows={entries.map((e) => ({ username: e.input.username, displayName: e.input.displayName, password: e.password }))} />)
})
