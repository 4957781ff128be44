import type { Context } from 'hono'
import { newPersonOf } from '../domain/person-match'
import { Hono } from 'hono'
import { limitBody } from '../security/body-limit'
import { createCase } from '../db/queries/cases'
import { audit } from '../db/queries/audit'
import { countRequests, findApiKey, findTrackedCase } from '../db/queries/public'
import { relations, statusLabel } from '../domain/glossary'
import { parseIntake } from '../domain/intake'
import { checkQuota, quotas } from '../domain/quota'
import { computeDueAt } from '../domain/sla'
import { ticketPrefix } from '../domain/ticket'
import type { AppEnv } from '../env'
import { randomToken, sha256Hex } from '../security/tokens'

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON only, so that 311 clients,
 * chat bots and WhatsApp gateways can submit and follow reports. Services are the categories;
 * the kelurahan is a required service attribute. Keyed calls are rate-limited and audited.
 */
export const open311 = new Hono<AppEnv>()

type ApiError = { code: number; description: string }
const fail = (c: Context, status: 400 | 403 | 404 | 429, description: string) => c.json([{ code: status, description } satisfies ApiError], status)

const closedStatuses = new Set(['selesai', 'ditutup', 'duplikat', 'ditolak'])
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

open311.get('/discovery.json', (c) => {
  const url = `${c.var.config.origin}/open311/v2`
  return c.json({
    changeset: '2026-11-01T00:00:00Z',
    contact: `Dinas Sosial, ${c.var.config.origin}/layanan`,
    key_service: `API key diterbitkan admin Dinas Sosial (${c.var.config.origin}/layanan)`,
    endpoints: [{ specification: 'http://wiki.open311.org/GeoReport_v2', url, changeset: '2026-11-01T00:00:00Z', type: 'production', formats: ['application/json'] }],
  })
})

open311.get('/services.json', async (c) => {
  const ref = await c.var.reference.get()
  return c.json(
    ref.activeCategories.map((cat) => ({
      service_code: cat.code,
      service_name: cat.name,
      description: `${cat.name}; target penanganan ${cat.targetHours} jam`,
      metadata: true,
      type: 'realtime',
      keywords: '',
      group: cat.groupName ?? '',
    })),
  )
})

open311.get('/services/:file', async (c) => {
  const code = c.req.param('file').replace(/\.json$/, '')
  const ref = await c.var.reference.get()
  const cat = ref.activeCategories.find((k) => k.code === code)
  if (!cat) return fail(c, 404, 'service_code not found')
  return c.json({
    service_code: cat.code,
    attributes: [
      { variable: true, code: 'kelurahan', datatype: 'singlevaluelist', required: true, datatype_description: 'Kode resmi kelurahan', order: 1, description: 'Kelurahan lokasi', values: ref.kelurahan.map((k) => ({ key: k.code, name: `${k.name} (Kec. ${k.kecamatanName})` })) },
      { variable: true, code: 'nama_orang', datatype: 'string', required: false, datatype_description: null, order: 2, description: 'Nama atau ciri-ciri orang yang perlu dibantu' },
      { variable: true, code: 'hubungan', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 3, description: 'Hubungan pelapor dengan orang itu', values: Object.entries(relations).map(([key, name]) => ({ key, name })) },
    ],
  })
})

/** The calling key, after checking it is known, not revoked and within its rate. Every known key's call is audited. */
async function authorize(c: Context<AppEnv>, given: unknown, action: string): Promise<{ ok: true; keyId: number } | { ok: false; response: Response }> {
  if (typeof given !== 'string' || given === '') return { ok: false, response: fail(c, 400, 'api_key is required') }
  const now = c.var.clock.now()
  const key = await findApiKey(c.var.db, await sha256Hex(given.slice(0, 200)))
  if (!key) return { ok: false, response: fail(c, 403, 'api_key is invalid') }
  if (key.revokedAt !== null) {
    await audit(c.var.db, { actorId: null, now }, 'open311.denied', `key=${key.id} revoked; ${action}`)
    return { ok: false, response: fail(c, 403, 'api_key has been revoked') }
  }
  const [count] = await countRequests(c.var.db, [{ key: `open311:key:${key.id}`, windowMs: quotas.open311PerKey.windowMs }], now)
  const decision = checkQuota(count!, quotas.open311PerKey, now)
  if (!decision.allowed) {
    await audit(c.var.db, { actorId: null, now }, 'open311.denied', `key=${key.id} rate; ${action}`)
    c.header('Retry-After', String(decision.retryAfterSeconds))
    return { ok: false, response: fail(c, 429, 'rate limit exceeded') }
  }
  return { ok: true, keyId: key.id }
}

// A client's retry key: bounded, and only characters that need no escaping anywhere.
const retryKeyPattern = /^[A-Za-z0-9_-]{1,128}$/

open311.post('/requests.json', limitBody(32 * 1024, (c) => fail(c, 400, 'request too large')), async (c) => {
  const body = await c.req.parseBody({ dot: false })
  const auth = await authorize(c, body.api_key, 'create')
  if (!auth.ok) return auth.response
  const retryKey = c.req.header('Idempotency-Key')
  if (retryKey !== undefined && !retryKeyPattern.test(retryKey)) return fail(c, 400, 'Idempotency-Key: 1-128 characters of A-Z, a-z, 0-9, _ and -')
  const ref = await c.var.reference.get()
  const now = c.var.clock.now()
  const str = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')
  const cat = ref.activeCategories.find((k) => k.code === str('service_code'))
  if (!cat) return fail(c, 400, 'service_code: unknown service')
  const lat = str('lat')
  const long = str('long')
  const address = str('address_string') || (lat && long ? `Koordinat ${lat}, ${long}` : '')
  const name = [str('first_name'), str('last_name')].filter(Boolean).join(' ')
  const input = parseIntake(
    {
      // Scoped to the calling key, so two clients choosing the same retry key never meet; a retry
      // with the same key answers with the first case and files nothing.
      idem: retryKey === undefined ? randomToken() : await sha256Hex(`open311:${auth.keyId}:${retryKey}`),
      reporter_name: name || 'Tidak disebutkan',
      reporter_phone: str('phone'),
      reporter_relation: str('attribute[hubungan]') || 'lainnya',
      person_name: str('attribute[nama_orang]') || 'Tidak diketahui',
      person_nik: '',
      person_age_group: 'tidak_diketahui',
      person_sex: 'tidak_diketahui',
      kelurahan: str('attribute[kelurahan]'),
      address,
      rt: '',
      rw: '',
      landmark: '',
      category: String(cat.id),
      urgency: cat.defaultUrgency in { biasa: 1, segera: 1, darurat: 1 } ? cat.defaultUrgency : 'biasa',
      description: str('description'),
      dtks_status: 'tidak_diketahui',
    },
    { categoryIds: new Set([cat.id]), kelurahanCodes: new Set(ref.kelurahanByCode.keys()), provinceCodes: ref.provinceCodes, now },
    'online',
  )
  if (!input.ok) {
    const names: Record<string, string> = { reporter_phone: 'phone', kelurahan: 'attribute[kelurahan]', address: 'address_string', description: 'description', reporter_name: 'first_name', person_name: 'attribute[nama_orang]', reporter_relation: 'attribute[hubungan]' }
    return c.json(Object.entries(input.errors).map(([field, message]): ApiError => ({ code: 400, description: `${names[field] ?? field}: ${message}` })), 400)
  }
  const dueAt = computeDueAt(now, { hours: cat.targetHours, clock: cat.clock }, ref.calendar)
  const created = await createCase(c.var.db, input.value.report, { now, dueAt, actorId: null, ticketPrefix: ticketPrefix(now, c.var.config.zone), person: newPersonOf(input.value.report, now) })
  await audit(c.var.db, { actorId: null, now }, 'open311.create', `key=${auth.keyId}`, created.id)
  return c.json([{ service_request_id: created.ticket, service_notice: 'Laporan diterima; ditangani dalam 1×24 jam.', account_id: null }])
})

open311.get('/requests/:file', async (c) => {
  const auth = await authorize(c, c.req.query('api_key'), 'read')
  if (!auth.ok) return auth.response
  const ticket = c.req.param('file').replace(/\.json$/, '').toUpperCase()
  // Public reports only (/lapor and Open311 itself, channel `online`), as FixMyStreet shows public
  // reports only: a case staff took by phone or at the desk is the agency's, not a key holder's.
  const found = /^\d{4}-\d{4,6}$/.test(ticket) ? await findTrackedCase(c.var.db, ticket) : undefined
  const kase = found?.channel === 'online' ? found : undefined
  await audit(c.var.db, { actorId: null, now: c.var.clock.now() }, 'open311.read', `key=${auth.keyId}`, kase?.id ?? null)
  if (!kase) return fail(c, 404, 'service_request_id not found')
  const ref = await c.var.reference.get()
  // Status only: the caller is a machine, and the report's personal data stays with the agency.
  return c.json([
    {
      service_request_id: kase.ticket,
      status: closedStatuses.has(kase.status) ? 'closed' : 'open',
      status_notes: statusLabel(kase.status),
      service_name: kase.categoryName,
      service_code: ref.categoryById.get(kase.categoryId)?.code ?? '',
      agency_responsible: 'Dinas Sosial',
      requested_datetime: iso(kase.receivedAt),
      updated_datetime: iso(kase.updatedAt),
      expected_datetime: iso(kase.dueAt),
    },
  ])
})
