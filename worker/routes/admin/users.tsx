import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CoveragePage, TemporaryPasswordPage, UserFormPage, UsersPage, type CoverageRow } from '../../../views/pages/admin/UserPages'
import { createUsers, findUser, listCoverage, listUsers, makeFirstInLine, resetPassword, setUserActive, updateUser, usernamesTaken } from '../../db/queries/admin'
import { parseUserForm, type UserInput } from '../../domain/admin-forms'
import type { FieldErrors, FormValues } from '../../domain/form'
import { alertSettingsValues, parseAlertSettings } from '../../domain/alert-settings'
import { enabledChannels } from '../../config'
import { loadPreferences, savePreferencesFor } from '../../db/queries/alerts'
import { listSubscriptions } from '../../db/queries/push'
import { AlertSettingsPage } from '../../../views/pages/AlertsPage'
import { formatNip } from '../../domain/nip'
import { temporaryPassword } from '../../domain/password-policy'
import type { AppEnv } from '../../env'
import type { Reference } from '../../reference'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { hashPassword } from '../../security/password'
import { actorOf, idParam, roles } from './shared'
import { isUnknownKelurahan } from '../../domain/unknown-area'

/** The admin area's people: accounts, roles, coverage. */
export const adminUsers = new Hono<AppEnv>()
adminUsers.use('*', requireRole('admin'))

const kelurahanOptions = (ref: Reference): [string, string][] => ref.kelurahan.map((k) => [k.code, `${k.name} (Kec. ${k.kecamatanName})`])

/** A saved user as the form shows it (NIP grouped as it is written). */
const formValuesOf = (u: Omit<UserInput, 'username' | 'kelurahan'>): FormValues => ({
  display_name: u.displayName,
  role: u.role,
  phone: u.phone ?? '',
  email: u.email ?? '',
  nip: u.nip ? formatNip(u.nip) : '',
  position: u.position ?? '',
  rank: u.rank ?? '',
})

adminUsers.get('/users', async (c) => {
  const [ref, rows] = await Promise.all([c.var.reference.get(), listUsers(c.var.db)])
  return page(c, 'Pengguna', <UsersPage users={rows} kelurahanNames={new Map(ref.kelurahan.map((k) => [k.code, k.name]))} />)
})

adminUsers.get('/users/new', async (c) => {
  const ref = await c.var.reference.get()
  return page(c, 'Tambah pengguna', <UserFormPage values={{ role: 'fasilitator' }} kelurahan={[]} errors={{}} roles={roles} kelurahanOptions={kelurahanOptions(ref)} />)
})

adminUsers.post('/users', async (c) => {
  const ref = await c.var.reference.get()
  const input = parseUserForm(await c.req.parseBody({ all: true }), { roles, kelurahanCodes: new Set(ref.kelurahanByCode.keys()) })
  const errors = input.ok ? {} : input.errors
  const values: FormValues = input.ok ? { username: input.value.username, ...formValuesOf(input.value) } : input.values
  if (!errors.username && (await usernamesTaken(c.var.db, [values.username!])).size > 0) errors.username = 'Nama pengguna sudah dipakai.'
  if (!input.ok || Object.keys(errors).length > 0) {
    return page(c, 'Tambah pengguna', <UserFormPage values={values} kelurahan={input.kelurahan} errors={errors} roles={roles} kelurahanOptions={kelurahanOptions(ref)} />, { status: 422 })
  }
  const password = temporaryPassword()
  await createUsers(c.var.db, actorOf(c), [{ input: input.value, passwordHash: await hashPassword(password, c.var.config) }])
  // The temporary password is shown once, in this response, and never stored in clear.
  return page(c, 'Pengguna dibuat', <TemporaryPasswordPage title="Pengguna dibuat" rows={[{ username: input.value.username, displayName: input.value.displayName, password }]} />)
})

adminUsers.get('/users/:id{[0-9]+}', async (c) => {
  const [ref, user] = await Promise.all([c.var.reference.get(), findUser(c.var.db, idParam(c))])
  if (!user) throw new HTTPException(404, { message: 'Pengguna tidak ditemukan.' })
  const values = formValuesOf(user)
  const notice = c.req.query('ok') === '1' ? 'Perubahan tersimpan.' : undefined
  return page(c, `Pengguna ${user.username}`, <UserFormPage user={user} values={values} kelurahan={user.kelurahan} errors={{}} roles={roles} kelurahanOptions={kelurahanOptions(ref)} notice={notice} />)
})

adminUsers.post('/users/:id{[0-9]+}', async (c) => {
  const [ref, user] = await Promise.all([c.var.reference.get(), findUser(c.var.db, idParam(c))])
  if (!user) throw new HTTPException(404, { message: 'Pengguna tidak ditemukan.' })
  const input = parseUserForm(await c.req.parseBody({ all: true }), { roles, kelurahanCodes: new Set(ref.kelurahanByCode.keys()), usernameFixed: user.username })
  const errors = input.ok ? {} : { ...input.errors }
  // An admin who demotes themself would lock the agency out of this screen.
  if (user.id === c.var.user!.id && input.ok && input.value.role !== 'admin') errors.role = 'Anda tidak dapat mengubah peran akun Anda sendiri.'
  if (!input.ok || Object.keys(errors).length > 0) {
    return page(c, `Pengguna ${user.username}`, <UserFormPage user={user} values={input.ok ? formValuesOf(input.value) : input.values} kelurahan={input.kelurahan} errors={errors} roles={roles} kelurahanOptions={kelurahanOptions(ref)} />, { status: 422 })
  }
  await updateUser(c.var.db, actorOf(c), user, input.value)
  return c.redirect(`/admin/users/${user.id}?ok=1`, 303)
})

for (const [path, active] of [['disable', false], ['enable', true]] as const) {
  adminUsers.post(`/users/:id{[0-9]+}/${path}`, async (c) => {
    const user = await findUser(c.var.db, idParam(c))
    if (!user) throw new HTTPException(404, { message: 'Pengguna tidak ditemukan.' })
    if (user.id === c.var.user!.id) throw new HTTPException(403, { message: 'Anda tidak dapat menonaktifkan akun Anda sendiri.' })
    if (user.active !== active) await setUserActive(c.var.db, actorOf(c), user, active)
    return c.redirect(`/admin/users/${user.id}?ok=1`, 303)
  })
}

adminUsers.post('/users/:id{[0-9]+}/reset-password', async (c) => {
  const user = await findUser(c.var.db, idParam(c))
  if (!user) throw new HTTPException(404, { message: 'Pengguna tidak ditemukan.' })
  const password = temporaryPassword()
  await resetPassword(c.var.db, actorOf(c), user.id, await hashPassword(password, c.var.config))
  return page(c, 'Kata sandi diatur ulang', <TemporaryPasswordPage title="Kata sandi diatur ulang" rows={[{ username: user.username, displayName: user.displayName, password }]} />)
})

adminUsers.get('/kelurahan', async (c) => {
  const rows = await listCoverage(c.var.db)
  const byCode = new Map<string, CoverageRow>()
  // "Belum diketahui" is nobody's to cover: such cases wait for the supervisor (domain/unknown-area.ts).
  for (const r of rows.filter((r) => !isUnknownKelurahan(r.code))) {
    const row = byCode.get(r.code) ?? { code: r.code, name: r.name, kecamatanName: r.kecamatanName, facilitators: [] }
    if (r.userId !== null) row.facilitators.push({ userId: r.userId, displayName: r.displayName!, username: r.username!, active: r.active!, role: r.role! })
    byCode.set(r.code, row)
  }
  return page(c, 'Kelurahan & fasilitator', <CoveragePage rows={[...byCode.values()]} />)
})

adminUsers.post('/kelurahan/:code{[0-9.]+}/first', async (c) => {
  const userId = Number((await c.req.parseBody()).user)
  const moved = Number.isSafeInteger(userId) && (await makeFirstInLine(c.var.db, actorOf(c), c.req.param('code'), userId))
  if (!moved) throw new HTTPException(404, { message: 'Fasilitator tidak ada pada kelurahan ini.' })
  return c.redirect('/admin/kelurahan', 303)
})

// ---- Someone else's alert channels (issue 20: "set by the person or an admin") ----

async function alertSettingsPage(c: Context<AppEnv>, input?: { values: FormValues; errors: FieldErrors }) {
  const user = await findUser(c.var.db, idParam(c))
  if (!user) throw new HTTPException(404, { message: 'Pengguna tidak ditemukan.' })
  const [{ prefs, phone, email }, devices] = await Promise.all([loadPreferences(c.var.db, user.id), listSubscriptions(c.var.db, user.id)])
  const props = { phone, email, devices, vapidKey: '', available: enabledChannels(c.var.config.alerts), zone: c.var.config.zone, forUser: { id: user.id, displayName: user.displayName } }
  const body = <AlertSettingsPage values={input?.values ?? alertSettingsValues(prefs)} errors={input?.errors ?? {}} {...props} saved={!input && c.req.query('ok') === '1'} />
  return page(c, `Pemberitahuan ${user.username}`, body, input ? { status: 422 } : undefined)
}

adminUsers.get('/users/:id{[0-9]+}/alerts', (c) => alertSettingsPage(c))

adminUsers.post('/users/:id{[0-9]+}/alerts', async (c) => {
  const input = parseAlertSettings(await c.req.parseBody(), enabledChannels(c.var.config.alerts))
  if (!input.ok) return alertSettingsPage(c, input)
  const user = await findUser(c.var.db, idParam(c))
  if (!user) throw new HTTPException(404, { message: 'Pengguna tidak ditemukan.' })
  const { prefs } = await loadPreferences(c.var.db, user.id)
  await savePreferencesFor(c.var.db, actorOf(c), user.id, prefs, input.value)
  return c.redirect(`/admin/users/${user.id}/alerts?ok=1`, 303)
})
