import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { PersonPage, type PersonPageProps } from '../../views/pages/PersonPage'
import { audit } from '../db/queries/audit'
import { findMerge, findPerson, mergePeople, mergedTarget, setPersonPhoto, splitCase, undoMerge, updatePerson, type PersonDetail } from '../db/queries/people'
import { checkPhoto, formatBytes, maxUploadBytes } from '../domain/photo'
import { fitPhoto } from '../domain/photo-shrink'
import { limitBody } from '../security/body-limit'
import { randomToken } from '../security/tokens'
import { caseScopeOf } from '../domain/access'
import { parseMerge, parsePersonForm, personEditorRoles } from '../domain/person'
import { nameKey, type PersonQuery } from '../domain/person-match'
import type { AppEnv } from '../env'
import { findCandidates } from '../pages/candidates'
import { page } from '../render'
import { requireRole } from '../security/middleware'

/**
 * A person across reports (issue 23). Who may see a person follows who may see their cases: a
 * person none of whose cases is in the viewer's scope is 404, as a case outside it is.
 */
export const peopleRoutes = new Hono<AppEnv>()
peopleRoutes.use('*', requireRole('operator', 'fasilitator', 'supervisor', 'kepala', 'admin', 'asisten', 'walikota'))

const canEdit = (c: Context<AppEnv>) => (personEditorRoles as readonly string[]).includes(c.var.user!.role)
const actorOf = (c: Context<AppEnv>) => ({ actorId: c.var.user!.id, now: c.var.clock.now() })

async function loadPerson(c: Context<AppEnv>, id: number): Promise<PersonDetail> {
  const detail = await findPerson(c.var.db, caseScopeOf(c.var.user!), id)
  if (!detail) throw new HTTPException(404, { message: 'Orang tidak ditemukan.' })
  return detail
}

/** What matching compares for a person already recorded: their own identity, and where and when they were reported. */
function queryOf(detail: PersonDetail, now: number): PersonQuery {
  const p = detail.person
  const last = detail.known.reports.reduce((a, b) => (b.at > a.at ? b : a))
  return {
    nik: p.nik, phone: null, name: p.name, birthYear: p.birthYear, sex: p.sex, categoryId: last.categoryId, kelurahanCode: last.kelurahanCode, kecamatanCode: last.kecamatanCode,
    features: [p.features ?? '', ...detail.known.reports.map((r) => r.description)].join(' '),
    at: Math.min(now, last.at + 1),
  }
}

const saved: Record<string, string> = {
  edit: 'Identitas tersimpan.',
  merge: 'Catatan digabung. Penggabungan dapat dibatalkan di bawah.',
  undo: 'Penggabungan dibatalkan; catatan itu berdiri sendiri lagi dengan kasusnya.',
  split: 'Kasus dipisahkan ke catatan orang yang baru.',
  photo: 'Foto tersimpan.',
}

async function personPage(c: Context<AppEnv>, detail: PersonDetail, refused?: { status: 409 | 413 | 422; failed?: PersonPageProps['failed']; message?: string }) {
  const now = c.var.clock.now()
  const candidates = canEdit(c) ? await findCandidates(c, queryOf(detail, now), detail.person.id) : []
  const done = c.req.query('done') ?? ''
  const message = refused?.message ? { kind: 'bad' as const, text: refused.message } : Object.hasOwn(saved, done) ? { kind: 'ok' as const, text: saved[done]! } : undefined
  const props: PersonPageProps = { detail, zone: c.var.config.zone, canEdit: canEdit(c), candidates, message, failed: refused?.failed, photosEnabled: Boolean(c.var.photos) }
  return page(c, detail.person.name, <PersonPage {...props} />, { status: refused?.status ?? 200 })
}

peopleRoutes.get('/:id{[0-9]+}', async (c) => {
  const id = Number(c.req.param('id'))
  // A merged record's old links lead to the person it became.
  const target = await mergedTarget(c.var.db, id)
  if (target !== null) return c.redirect(`/people/${target}`, 303)
  const detail = await loadPerson(c, id)
  await audit(c.var.db, actorOf(c), 'person.read', { person: id, cases: detail.cases.map((k) => k.id) })
  return personPage(c, detail)
})

const editors = requireRole(...personEditorRoles)

peopleRoutes.post('/:id{[0-9]+}', editors, async (c) => {
  const detail = await loadPerson(c, Number(c.req.param('id')))
  const ref = await c.var.reference.get()
  const input = parsePersonForm(await c.req.parseBody(), { provinceCodes: ref.provinceCodes, now: c.var.clock.now() })
  if (!input.ok) return personPage(c, detail, { status: 422, failed: { form: 'edit', values: input.values, errors: input.errors } })
  const { version, ...edit } = input.value
  const p = detail.person
  const changed = (Object.keys(edit) as (keyof typeof edit)[]).filter((k) => edit[k] !== p[k])
  if (!(await updatePerson(c.var.db, actorOf(c), p.id, version, edit, changed))) {
    return personPage(c, await loadPerson(c, p.id), { status: 409, message: 'Catatan ini baru saja diubah orang lain. Periksa lalu simpan lagi.' })
  }
  return c.redirect(`/people/${p.id}?done=edit`, 303)
})

peopleRoutes.post('/:id{[0-9]+}/merge', editors, async (c) => {
  const detail = await loadPerson(c, Number(c.req.param('id')))
  const input = parseMerge(await c.req.parseBody())
  if (!input.ok) return personPage(c, detail, { status: 422, failed: { form: 'merge', values: input.values, errors: input.errors } })
  // The other record must be one the viewer may see too: a merge moves its cases here.
  await loadPerson(c, input.value.into)
  const merged = await mergePeople(c.var.db, actorOf(c), { fromId: input.value.into, intoId: detail.person.id, reason: input.value.reason })
  if (merged === null) return personPage(c, await loadPerson(c, detail.person.id), { status: 409, message: 'Tidak digabung: salah satu catatan sudah digabung ke catatan lain.' })
  return c.redirect(`/people/${detail.person.id}?done=merge`, 303)
})

peopleRoutes.post('/merges/:merge{[0-9]+}/undo', editors, async (c) => {
  const merge = await findMerge(c.var.db, Number(c.req.param('merge')))
  if (!merge) throw new HTTPException(404, { message: 'Penggabungan tidak ditemukan.' })
  const detail = await loadPerson(c, merge.intoPersonId)
  const restored = await undoMerge(c.var.db, actorOf(c), merge.id)
  if (restored === null) return personPage(c, detail, { status: 409, message: 'Penggabungan ini sudah dibatalkan, atau catatannya sudah digabung lagi.' })
  return c.redirect(`/people/${detail.person.id}?done=undo`, 303)
})

peopleRoutes.post('/:id{[0-9]+}/split', editors, async (c) => {
  const detail = await loadPerson(c, Number(c.req.param('id')))
  const caseId = Number((await c.req.parseBody()).case)
  const kase = detail.cases.find((k) => k.id === caseId)
  if (!kase) throw new HTTPException(404, { message: 'Kasus tidak ditemukan pada orang ini.' })
  const created = await splitCase(c.var.db, actorOf(c), { personId: detail.person.id, caseId, nameKey: nameKey(kase.personName) })
  if (created === null) return personPage(c, detail, { status: 409, message: 'Kasus ini satu-satunya kasus orang ini; tidak ada yang dipisahkan.' })
  return c.redirect(`/people/${created}?done=split`, 303)
})

const photoRefused = (message: string) => ({ form: 'photo' as const, values: {}, errors: { photo: message } })

/** A body over the upload limit: the person page again, the limit named, nothing read or saved. */
async function photoTooLarge(c: Context<AppEnv>) {
  const detail = await loadPerson(c, Number(c.req.param('id')))
  return personPage(c, detail, { status: 413, failed: photoRefused(`Foto terlalu besar (paling besar ${formatBytes(maxUploadBytes)}).`) })
}

// The person's photo, shrunk as a visit photo is, kept as a photo of their newest case the uploader may see.
peopleRoutes.post('/:id{[0-9]+}/photo', editors, limitBody(maxUploadBytes, photoTooLarge), async (c) => {
  const detail = await loadPerson(c, Number(c.req.param('id')))
  const file = (await c.req.parseBody()).photo
  const refuse = (message: string) => personPage(c, detail, { status: 422, failed: photoRefused(message) })
  if (!c.var.photos) return refuse('Penyimpanan foto belum diatur.')
  if (!(file instanceof File) || file.size === 0) return refuse('Pilih foto.')
  const bytes = new Uint8Array(await file.arrayBuffer())
  const checked = checkPhoto(bytes, file.type, maxUploadBytes)
  const fitted = checked.ok ? await fitPhoto(bytes, checked) : checked
  if (!fitted.ok) return refuse(fitted.message)
  const kase = detail.cases[0]!
  const storageKey = `cases/${kase.id}/${randomToken().slice(0, 32)}.${fitted.ext}`
  await c.var.photos.put(storageKey, fitted.bytes, fitted.type)
  await setPersonPhoto(c.var.db, actorOf(c), { personId: detail.person.id, caseId: kase.id, photo: { storageKey, contentType: fitted.type, size: fitted.bytes.length } })
  return c.redirect(`/people/${detail.person.id}?done=photo`, 303)
})
