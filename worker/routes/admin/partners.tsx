import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { TemporaryPasswordPage } from '../../../views/pages/admin/UserPages'
import { PartnerDetailPage, PartnerListPage } from '../../../views/pages/PartnerPages'
import { createPartnerUser, findPartner, listPartners, partnerMembers, partnerNameTaken, savePartner, usernameTaken, type PartnerInput } from '../../db/queries/partners'
import { temporaryPassword } from '../../domain/password-policy'
import { readForm, type FormBody, type Parsed } from '../../domain/form'
import { partnerTypes } from '../../domain/transitions'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { hashPassword } from '../../security/password'
import { actorOf, idParam } from './shared'

/** Partner organisations and their users (issue 7). */

export const adminPartners = new Hono<AppEnv>()
adminPartners.use('*', requireRole('admin'))

function parsePartner(body: FormBody): Parsed<PartnerInput> {
  const form = readForm(body)
  const name = form.text('name', { max: 200, required: 'Nama lembaga wajib diisi.' })
  const partnerType = form.choice('partner_type', partnerTypes, 'Pilih jenis lembaga.')
  const contact = form.text('contact', { max: 300 })
  const active = form.flag('active')
  // Working hours (issue 24): at most a month of office days.
  const acceptHours = form.int('accept_hours', { min: 1, max: 200 }, 'Isi jam kerja 1–200.')
  const outcomeHours = form.int('outcome_hours', { min: 1, max: 2000 }, 'Isi jam kerja 1–2000.')
  if (form.ok && outcomeHours < acceptHours) form.fail('outcome_hours', 'Batas hasil tidak boleh lebih pendek dari batas jawaban.')
  return form.done({ name, partnerType, contact, active, acceptHours, outcomeHours })
}

const valuesOf = (p: PartnerInput) => ({ name: p.name, partner_type: p.partnerType, contact: p.contact ?? '', active: p.active ? '1' : '0', accept_hours: String(p.acceptHours), outcome_hours: String(p.outcomeHours) })

adminPartners.get('/', async (c) => page(c, 'Lembaga mitra', <PartnerListPage rows={await listPartners(c.var.db)} values={{}} errors={{}} />))

adminPartners.post('/', async (c) => {
  const parsed = parsePartner(await c.req.parseBody())
  const errors = parsed.ok ? {} : parsed.errors
  if (parsed.ok && (await partnerNameTaken(c.var.db, parsed.value.name, null))) errors.name = 'Nama lembaga sudah ada.'
  if (!parsed.ok || Object.keys(errors).length > 0) {
    return page(c, 'Lembaga mitra', <PartnerListPage rows={await listPartners(c.var.db)} values={parsed.ok ? valuesOf(parsed.value) : parsed.values} errors={errors} />, { status: 422 })
  }
  const id = await savePartner(c.var.db, actorOf(c), null, parsed.value)
  return c.redirect(`/admin/partners/${id}`, 303)
})

adminPartners.get('/:id{[0-9]+}', async (c) => {
  const partner = await findPartner(c.var.db, idParam(c))
  if (!partner) throw new HTTPException(404, { message: 'Lembaga tidak ditemukan.' })
  const members = await partnerMembers(c.var.db, partner.id)
  const values = valuesOf(partner)
  return page(c, partner.name, <PartnerDetailPage partner={partner} members={members} values={values} errors={{}} userValues={{}} userErrors={{}} notice={c.req.query('ok') === '1' ? 'Perubahan tersimpan.' : undefined} />)
})

adminPartners.post('/:id{[0-9]+}', async (c) => {
  const partner = await findPartner(c.var.db, idParam(c))
  if (!partner) throw new HTTPException(404, { message: 'Lembaga tidak ditemukan.' })
  const parsed = parsePartner(await c.req.parseBody())
  const errors = parsed.ok ? {} : parsed.errors
  if (parsed.ok && (await partnerNameTaken(c.var.db, parsed.value.name, partner.id))) errors.name = 'Nama lembaga sudah ada.'
  if (!parsed.ok || Object.keys(errors).length > 0) {
    const members = await partnerMembers(c.var.db, partner.id)
    return page(c, partner.name, <PartnerDetailPage partner={partner} members={members} values={parsed.ok ? valuesOf(parsed.value) : parsed.values} errors={errors} userValues={{}} userErrors={{}} />, { status: 422 })
  }
  await savePartner(c.var.db, actorOf(c), partner.id, parsed.value)
  return c.redirect(`/admin/partners/${partner.id}?ok=1`, 303)
})

adminPartners.post('/:id{[0-9]+}/users', async (c) => {
  const partner = await findPartner(c.var.db, idParam(c))
  if (!partner) throw new HTTPException(404, { message: 'Lembaga tidak ditemukan.' })
  const body = await c.req.parseBody()
  const username = typeof body.username === 'string' ? body.username.trim().toLowerCase() : ''
  const displayName = typeof body.display_name === 'string' ? body.display_name.trim().slice(0, 100) : ''
  const errors: Record<string, string> = {}
  if (!/^[a-z0-9._-]{3,40}$/.test(username)) errors.username = 'Nama pengguna 3–40 huruf kecil, angka, titik, garis.'
  else if (await usernameTaken(c.var.db, username)) errors.username = 'Nama pengguna sudah dipakai.'
  if (!displayName) errors.display_name = 'Nama lengkap wajib diisi.'
  if (Object.keys(errors).length > 0) {
    const members = await partnerMembers(c.var.db, partner.id)
    const values = valuesOf(partner)
    return page(c, partner.name, <PartnerDetailPage partner={partner} members={members} values={values} errors={{}} userValues={{ username, display_name: displayName }} userErrors={errors} />, { status: 422 })
  }
  const password = temporaryPassword()
  await createPartnerUser(c.var.db, actorOf(c), { partnerId: partner.id, username, displayName, passwordHash: await hashPassword(password, c.var.config) })
  // Shown once, never stored in clear; the first sign-in must choose a new one.
  return page(c, 'Pengguna mitra dibuat', <TemporaryPasswordPage title={`Pengguna mitra ${partner.name} dibuat`} rows={[{ username, displayName, password }]} />)
})
