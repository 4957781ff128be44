import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { TemporaryPasswordPage } from '../../../views/pages/admin/UserPages'
import { PartnerDetailPage, PartnerListPage } from '../../../views/pages/PartnerPages'
import { createPartnerUser, findPartner, listPartners, partnerMembers, partnerNameTaken, savePartner, usernameTaken, type PartnerInput } from '../../db/queries/partners'
import { temporaryPassword } from '../../domain/password-policy'
import { partnerTypes } from '../../domain/transitions'
import type { AppEnv } from '../../env'
import { page } from '../../render'
import { requireRole } from '../../security/middleware'
import { hashPassword } from '../../security/password'
import { actorOf, idParam } from './shared'

/** Partner organisations and their users (issue 7). */

export const adminPartners = new Hono<AppEnv>()
adminPartners.use('*', requireRole('admin'))

function parsePartner(body: Record<string, unknown>): { ok: true; value: PartnerInput } | { ok: false; values: Record<string, string>; errors: Record<string, string> } {
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string).trim() : '')
  const values = { name: s('name').slice(0, 200), partner_type: s('partner_type'), contact: s('contact').slice(0, 300), active: body.active === '1' ? '1' : '0' }
  const errors: Record<string, string> = {}
  if (!values.name) errors.name = 'Nama lembaga wajib diisi.'
  if (!(values.partner_type in partnerTypes)) errors.partner_type = 'Pilih jenis lembaga.'
  if (Object.keys(errors).length > 0) return { ok: false, values, errors }
  return { ok: true, value: { name: values.name, partnerType: values.partner_type, contact: values.contact || null, active: values.active === '1' } }
}

const valuesOf = (p: PartnerInput) => ({ name: p.name, partner_type: p.partnerType, contact: p.contact ?? '', active: p.active ? '1' : '0' })

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
  const values = valuesOf({ name: partner.name, partnerType: partner.partnerType, contact: partner.contact, active: partner.active })
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
    const values = valuesOf({ name: partner.name, partnerType: partner.partnerType, contact: partner.contact, active: partner.active })
    return page(c, partner.name, <PartnerDetailPage partner={partner} members={members} values={values} errors={{}} userValues={{ username, display_name: displayName }} userErrors={errors} />, { status: 422 })
  }
  const password = temporaryPassword()
  await createPartnerUser(c.var.db, actorOf(c), { partnerId: partner.id, username, displayName, passwordHash: await hashPassword(password, c.var.config) })
  // Shown once, never stored in clear; the first sign-in must choose a new one.
  return page(c, 'Pengguna mitra dibuat', <TemporaryPasswordPage title={`Pengguna mitra ${partner.name} dibuat`} rows={[{ username, displayName, password }]} />)
})
