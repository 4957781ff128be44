import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CategoriesPage, CategoryFormPage } from '../../../views/pages/admin/CategoryPages'
import { LadderPage } from '../../../views/pages/admin/LadderPage'
import { ProfilePage } from '../../../views/pages/admin/ProfilePage'
import { addHoliday, categoryCodeTaken, createCategory, findCategory, listHolidays, listLadderPeople, listStaff, removeHoliday, saveLadder, saveProfile, updateCategory } from '../../db/queries/admin'
import { loadLadder } from '../../db/queries/sweep'
import type { Category } from '../../db/queries/reference'
import { ladderRowsOf, letterheadLines, parseCategoryForm, parseHoliday, parseLadderForm, parseProfileForm, profileKeys, readOfficeHours, weekdays } from '../../domain/admin-forms'
import { withProblems, type FieldErrors, type FormBody, type FormValues } from '../../domain/form'
import { defaultLadder, unreachableRungs } from '../../domain/escalation'
import { letterSettings, parseLetterSettings } from '../../domain/letter'
import { parseReplyTemplates, replyLanguageKey, replyTemplates, replyTemplateSettings } from '../../domain/reporter-messages'
import { whatsappDefaults } from '../../config'
import { defaultOfficeHours } from '../../domain/sla'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { actorOf, idParam, roles } from './shared'

export const adminSettings = new Hono<AppEnv>()
adminSettings.use('*', requireRole('admin'))

// ---- Categories ----

const categoryValues = (cat: Category): FormValues => ({
  code: cat.code,
  name: cat.name,
  group_name: cat.groupName ?? '',
  target_hours: String(cat.targetHours),
  clock: cat.clock,
  default_urgency: cat.defaultUrgency,
  sort: String(cat.sort),
  active: cat.active ? '1' : '',
})

adminSettings.get('/categories', async (c) => {
  const ref = await c.var.reference.get()
  return page(c, 'Kategori', <CategoriesPage categories={ref.categories} />)
})

adminSettings.get('/categories/new', (c) =>
  page(c, 'Tambah kategori', <CategoryFormPage values={{ target_hours: '24', clock: 'calendar', default_urgency: 'biasa', sort: '0', active: '1' }} errors={{}} />),
)

/** The category form, and a code no other category has. */
async function checkedCategory(c: Context<AppEnv>, body: FormBody, id?: number) {
  const input = parseCategoryForm(body)
  const taken = input.ok && (await categoryCodeTaken(c.var.db, input.value.code, id))
  return withProblems(input, body, taken ? { code: 'Kode sudah dipakai kategori lain.' } : {})
}

adminSettings.post('/categories', async (c) => {
  const input = await checkedCategory(c, await c.req.parseBody())
  if (!input.ok) return page(c, 'Tambah kategori', <CategoryFormPage values={input.values} errors={input.errors} />, { status: 422 })
  await createCategory(c.var.db, actorOf(c), input.value)
  c.var.reference.invalidate()
  return c.redirect('/admin/categories', 303)
})

adminSettings.get('/categories/:id{[0-9]+}', async (c) => {
  const cat = await findCategory(c.var.db, idParam(c))
  if (!cat) throw new HTTPException(404, { message: 'Kategori tidak ditemukan.' })
  return page(c, `Kategori ${cat.name}`, <CategoryFormPage category={cat} values={categoryValues(cat)} errors={{}} />)
})

adminSettings.post('/categories/:id{[0-9]+}', async (c) => {
  const cat = await findCategory(c.var.db, idParam(c))
  if (!cat) throw new HTTPException(404, { message: 'Kategori tidak ditemukan.' })
  const input = await checkedCategory(c, await c.req.parseBody(), cat.id)
  if (!input.ok) return page(c, `Kategori ${cat.name}`, <CategoryFormPage category={cat} values={input.values} errors={input.errors} />, { status: 422 })
  await updateCategory(c.var.db, actorOf(c), cat, input.value)
  c.var.reference.invalidate()
  return c.redirect('/admin/categories', 303)
})

for (const [path, active] of [['retire', false], ['restore', true]] as const) {
  adminSettings.post(`/categories/:id{[0-9]+}/${path}`, async (c) => {
    const cat = await findCategory(c.var.db, idParam(c))
    if (!cat) throw new HTTPException(404, { message: 'Kategori tidak ditemukan.' })
    // Retired, not deleted: old cases and reports keep pointing at it.
    if (cat.active !== active) await updateCategory(c.var.db, actorOf(c), cat, { active }, active ? 'admin.category.restore' : 'admin.category.retire')
    c.var.reference.invalidate()
    return c.redirect('/admin/categories', 303)
  })
}

// ---- Agency profile and holidays ----

async function profilePage(c: Context<AppEnv>, opts: { values?: FormValues; errors?: FieldErrors; holidayValues?: FormValues; holidayErrors?: FieldErrors; status?: 422 }) {
  const [ref, holidays] = await Promise.all([c.var.reference.get(), listHolidays(c.var.db)])
  const s = ref.settings
  let values = opts.values
  if (!values) {
    const hours = readOfficeHours(s.get(profileKeys.officeHours), defaultOfficeHours)
    values = { name: s.get(profileKeys.name) ?? '', hotline: s.get(profileKeys.hotline) ?? '', zone: s.get(profileKeys.zone) ?? c.var.config.zone }
    for (const [line, { key }] of Object.entries(letterheadLines)) values[`letterhead_${line}`] = s.get(key) ?? ''
    for (const [name, { key }] of Object.entries(letterSettings)) values[`letter_${name}`] = s.get(key) ?? ''
    for (const [purpose, { key }] of Object.entries(replyTemplates)) values[`template_${purpose}`] = s.get(key) ?? ''
    values.template_language = s.get(replyLanguageKey) ?? ''
    for (const day of weekdays) {
      values[`open_${day}`] = hours[day] ? '1' : ''
      values[`start_${day}`] = hours[day]?.start ?? ''
      values[`end_${day}`] = hours[day]?.end ?? ''
    }
  }
  const templateDefaults = replyTemplateSettings(new Map(), c.var.config.alerts.whatsapp ?? whatsappDefaults)
  const props = { values, errors: opts.errors ?? {}, holidays, holidayValues: opts.holidayValues ?? {}, holidayErrors: opts.holidayErrors ?? {}, saved: c.req.query('ok') === '1', templateDefaults }
  return page(c, 'Profil instansi', <ProfilePage {...props} />, { status: opts.status })
}

adminSettings.get('/profile', (c) => profilePage(c, {}))

adminSettings.post('/profile', async (c) => {
  const body = await c.req.parseBody()
  const input = parseProfileForm(body)
  const letter = parseLetterSettings(body)
  const templates = parseReplyTemplates(body)
  if (!input.ok || !letter.ok || !templates.ok) {
    const parts = [input, letter, templates]
    const values = Object.assign({}, ...parts.map((p) => (p.ok ? body : p.values))) as FormValues
    return profilePage(c, { values, errors: Object.assign({}, ...parts.map((p) => (p.ok ? {} : p.errors))), status: 422 })
  }
  const ref = await c.var.reference.get()
  await saveProfile(c.var.db, actorOf(c), ref.settings, input.value, letter.value, templates.value)
  c.var.reference.invalidate()
  return c.redirect('/admin/profile?ok=1', 303)
})

adminSettings.post('/holidays', async (c) => {
  const input = parseHoliday(await c.req.parseBody())
  if (!input.ok) return profilePage(c, { holidayValues: input.values, holidayErrors: input.errors, status: 422 })
  await addHoliday(c.var.db, actorOf(c), input.value)
  c.var.reference.invalidate()
  return c.redirect('/admin/profile?ok=1', 303)
})

adminSettings.post('/holidays/:date{[0-9]{4}-[0-9]{2}-[0-9]{2}}/delete', async (c) => {
  await removeHoliday(c.var.db, actorOf(c), c.req.param('date'))
  c.var.reference.invalidate()
  return c.redirect('/admin/profile?ok=1', 303)
})

// ---- Escalation ladder ----

adminSettings.get('/ladder', async (c) => {
  const [ladder, staff, people] = await Promise.all([loadLadder(c.var.db), listStaff(c.var.db), listLadderPeople(c.var.db)])
  const effective = ladder.length ? ladder : defaultLadder
  return page(c, 'Tangga eskalasi', <LadderPage rows={ladderRowsOf(effective)} usingDefault={ladder.length === 0} errors={{}} roles={roles} staff={staff} saved={c.req.query('ok') === '1'} unreachable={unreachableRungs(effective, people)} />)
})

adminSettings.post('/ladder', async (c) => {
  const staff = await listStaff(c.var.db)
  const input = parseLadderForm(await c.req.parseBody({ all: true }), { roles, userIds: new Set(staff.map((u) => u.id)) })
  if (!input.ok) return page(c, 'Tangga eskalasi', <LadderPage rows={input.rows} errors={input.errors} roles={roles} staff={staff} />, { status: 422 })
  const before = await loadLadder(c.var.db)
  await saveLadder(c.var.db, actorOf(c), before, input.value)
  return c.redirect('/admin/ladder?ok=1', 303)
})
