// Every form of the app, found on its page as the user who sees it, and how to post to it:
// shared by hostile-input.test.ts (corpus) and its fast-check properties.
import { expect } from 'vitest'
import { startSession } from '../../worker/db/queries/sessions'
import { randomToken, sha256Hex } from '../../worker/security/tokens'
import { surveyPath } from '../../worker/security/survey-link'
import { categoryId, kelurahanA } from '../support/app'
import { seedConversation } from '../support/wa-inbox'
import { folderPhotoStore } from '../../worker/storage/folder'
import { actionSetup, caseIn, cookie } from './fixtures'
import { postForms, type PageForm } from './forms'
import { expectNoRawReflection, keepsTyped, shownValue } from './hostile'
import { harmlessWrite, type Actor, type World } from './world'

export type Opened = { path: string; method?: 'GET' | 'POST'; form?: Record<string, string>; cookie?: string }

/** A page with forms; `valid` fills them so that they would be accepted; reopened after an accepted post. */
export type Source = { name: string; actor: Actor; open: (w: World) => Promise<Opened>; valid?: (w: World, form: PageForm) => Promise<Record<string, string>> | Record<string, string> }

/** A waiting WhatsApp conversation of its own sender (issue 21). */
const waitingConversation = (w: World) =>
  seedConversation(w.t.db, folderPhotoStore(w.t.photoDir), { sender: `628572${String(++serial).padStart(6, '0')}`, firstAt: w.t.clock.now() - 3600_000, messages: [{ kind: 'text', body: 'Ada lansia terlantar di pasar' }] })

let serial = 0
const next = () => `${++serial}${Math.random().toString(36).slice(2, 6)}`

const actionValid = (w: World, form: PageForm) => {
  const action = form.action.split('/').pop()!
  const setup = actionSetup[action]
  if (!setup) return {}
  const { version: _version, ...rest } = setup.form(w, 0)
  return rest
}

const caseSource = (name: string, actor: Actor, status: string): Source => ({
  name,
  actor,
  open: async (w) => ({ path: `/cases/${(await caseIn(w, status)).id}` }),
  valid: actionValid,
})

export const sources: Source[] = [
  {
    name: 'intake',
    actor: 'operator',
    open: async () => ({ path: '/intake' }),
    valid: async (w) => ({ reporter_name: 'Budi Santoso', reporter_phone: '0812 3456 7890', reporter_relation: 'tetangga', person_name: 'Nenek Aminah', kelurahan: kelurahanA, address: 'Jl. Uji No. 7', category: String(await categoryId(w.t.db, 'lansia-terlantar')), description: 'Lansia tinggal sendiri.' }),
  },
  {
    name: 'lapor',
    actor: 'anonymous',
    open: async () => ({ path: '/lapor' }),
    valid: async (w) => ({ reporter_name: 'Budi', reporter_phone: '0812 3456 7890', reporter_relation: 'tetangga', person_name: 'Nenek', kelurahan: kelurahanA, address: 'Jl. Uji 1', category: String(await categoryId(w.t.db, 'lansia-terlantar')), description: 'Lansia sendirian.', consent: 'ya', website: '' }),
  },
  {
    name: 'pesan masuk: percakapan',
    actor: 'operator',
    open: async (w) => ({ path: `/inbox/${(await waitingConversation(w)).conversation.id}` }),
    valid: (w, form): Record<string, string> => (form.action.endsWith('/attach') ? { ticket: w.caseA.ticket } : { reason: 'spam' }),
  },
  {
    name: 'pesan masuk: buat laporan',
    actor: 'operator',
    open: async (w) => ({ path: `/inbox/${(await waitingConversation(w)).conversation.id}/case` }),
    valid: async (w) => ({ reporter_relation: 'tetangga', person_name: 'Nenek Aminah', kelurahan: kelurahanA, address: 'Jl. Uji No. 7', category: String(await categoryId(w.t.db, 'lansia-terlantar')) }),
  },
  { name: 'login', actor: 'anonymous', open: async () => ({ path: '/login' }), valid: () => ({ username: 'masuk', password: 'bukan-kata-sandinya' }) },
  { name: 'cek', actor: 'anonymous', open: async () => ({ path: '/cek' }), valid: (w) => ({ tiket: w.caseA.ticket, hp4: '7890' }) },
  {
    name: 'cek: buka kembali',
    actor: 'anonymous',
    open: async (w) => ({ path: '/cek', method: 'POST', form: { tiket: (await caseIn(w, 'selesai')).ticket, hp4: '7890' } }),
    valid: () => ({ alasan: 'Belum ada yang datang.' }),
  },
  {
    name: 'survei',
    actor: 'anonymous',
    open: async (w) => ({ path: await surveyPath(w.t.config.surveySecret, await caseIn(w, 'ditutup')) }),
    valid: () => Object.fromEntries([...Array(9)].map((_, i) => [`u${i + 1}`, '4'])),
  },
  caseSource('case actions, facilitator, in hand', 'fasilitatorA', 'ditangani'),
  caseSource('case actions, facilitator, assigned', 'fasilitatorA', 'ditugaskan'),
  caseSource('case actions, supervisor, new', 'supervisor', 'baru'),
  caseSource('case actions, supervisor, in hand', 'supervisor', 'ditangani'),
  caseSource('case actions, supervisor, resolved', 'supervisor', 'selesai'),
  { name: 'alert settings', actor: 'operator', open: async () => ({ path: '/alerts/settings' }), valid: () => ({ quiet_start: '21:00', quiet_end: '06:00' }) },
  { name: 'own password', actor: 'operator', open: async () => ({ path: '/account/password' }), valid: () => ({ current_password: 'salah' }) },
  { name: 'second factor', actor: 'supervisor', open: async (w) => ({ path: '/2fa', cookie: await halfSignedIn(w) }) },
  { name: 'new user', actor: 'admin', open: async () => ({ path: '/admin/users/new' }), valid: () => ({ username: `u${next()}`, display_name: 'Pengguna Uji', role: 'operator' }) },
  { name: 'edit user', actor: 'admin', open: async (w) => ({ path: `/admin/users/${w.target.id}` }) },
  { name: 'new category', actor: 'admin', open: async () => ({ path: '/admin/categories/new' }), valid: () => ({ code: `k${next()}`, name: `Kategori ${next()}` }) },
  { name: 'edit category', actor: 'admin', open: async (w) => ({ path: `/admin/categories/${w.category.id}` }) },
  { name: 'agency profile and holidays', actor: 'admin', open: async () => ({ path: '/admin/profile' }), valid: (_w, form): Record<string, string> => (form.action === '/admin/holidays' ? { date: '2026-12-31', name: 'Libur' } : { name: 'Dinas Sosial' }) },
  { name: 'escalation ladder', actor: 'admin', open: async () => ({ path: '/admin/ladder' }) },
  { name: 'API keys', actor: 'admin', open: async () => ({ path: '/admin/api-keys' }), valid: () => ({ name: 'Bot' }) },
  { name: 'layanan', actor: 'admin', open: async () => ({ path: '/admin/layanan' }), valid: () => ({ markdown: '# Layanan' }) },
  { name: 'kelurahan coverage', actor: 'admin', open: async () => ({ path: '/admin/kelurahan' }) },
  { name: 'import mapping (cases)', actor: 'admin', open: async (w) => ({ path: `/admin/imports/cases/${w.caseUpload}` }) },
  { name: 'user import', actor: 'admin', open: async (w) => ({ path: `/admin/imports/users/${w.userUpload}` }) },
]

/** A supervisor who gave the password but not yet the second factor. */
async function halfSignedIn(w: World): Promise<string> {
  const token = randomToken()
  await startSession(w.t.db, { sessionId: await sha256Hex(token), userId: w.users.supervisor.id, now: w.t.clock.now() })
  return `${w.t.cookieName}=${token}`
}

/** Where a form goes, with ids folded, so that one form per kind is tried. */
export const formKey = (form: PageForm) => `${form.action.replace(/\/[0-9][0-9.]*(?=\/|$)/g, '/:n')} ${form.fields.map((f) => f.name).join(',')}`

export type OpenForm = { form: PageForm; cookie?: string; valid: Record<string, string>; page: string }

/** The source's page and its post forms (sign-out aside). */
export async function openForms(w: World, source: Source): Promise<OpenForm[]> {
  const opened = await source.open(w)
  const session = opened.cookie ?? (await cookie(w, source.actor))
  const res = await w.t.request(opened.path, { method: opened.method ?? 'GET', cookie: session, form: opened.form })
  expect(res.status, `${source.name}: ${opened.path}`).toBe(200)
  const html = await res.text()
  const seen = new Set<string>()
  const out: OpenForm[] = []
  for (const form of postForms(html, opened.path)) {
    if (form.action === '/logout' || seen.has(formKey(form))) continue
    seen.add(formKey(form))
    out.push({ form, cookie: session, valid: source.valid ? await source.valid(w, form) : {}, page: html })
  }
  return out
}

/** The request a browser would send for `form` with `values` (pairs, repeated names allowed). */
export function post(w: World, form: PageForm, session: string | undefined, pairs: [string, string][]) {
  if (form.enctype === 'multipart/form-data') {
    const body = new FormData()
    for (const [k, v] of pairs) body.append(k, v)
    return w.t.request(form.action, { method: 'POST', cookie: session, body })
  }
  const body = new URLSearchParams(pairs).toString()
  return w.t.request(form.action, { method: 'POST', cookie: session, body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })
}

/** The base pairs: the form as the page filled it, with `valid` on top. */
export function basePairs(open: OpenForm): [string, string][] {
  const out: [string, string][] = []
  const fromPage = open.form.fields.filter((f) => f.kind !== 'file' && ((f.kind !== 'check' && !f.multiple) || f.value) && !(f.name in open.valid))
  for (const f of fromPage) out.push([f.name, f.value])
  for (const [k, v] of Object.entries(open.valid)) out.push([k, v])
  return out
}

/** Fields a value can be typed into (not files), one entry per name. */
export function typedFields(form: PageForm) {
  const seen = new Set<string>()
  return form.fields.filter((f) => f.kind !== 'file' && !seen.has(f.name) && seen.add(f.name))
}

export type Checker = Awaited<ReturnType<typeof checker>>

/** Sends one hostile request and checks the answer; says whether the post was accepted. */
export async function checker(w: World, changes: { reset(): Promise<void>; since(ignore?: (c: { tbl: string; op: string; detail: string | null }) => boolean): Promise<string[]> }) {
  let tried = 0
  return {
    get tried() {
      return tried
    },
    async send(open: OpenForm, pairs: [string, string][], label: string, opts: { follow?: boolean } = {}): Promise<boolean> {
      await w.t.db.$client.execute('DELETE FROM rate_limits')
      await changes.reset()
      const res = await post(w, open.form, open.cookie, pairs)
      tried++
      expect(res.status, `${label}: status`).toBeLessThan(500)
      const type = res.headers.get('Content-Type') ?? ''
      const body = await res.text()
      const hostile = new Map(pairs)
      if (type.includes('html')) for (const [name, value] of pairs) expectNoRawReflection(body, value, `${label} [${name}]`, open.page)
      if (res.status >= 400) {
        expect(await changes.since(harmlessWrite), `${label}: a refused post wrote`).toEqual([])
        if (res.status === 422 && type.includes('html')) {
          for (const f of typedFields(open.form)) {
            if (f.kind !== 'text' || !hostile.has(f.name)) continue
            const shown = shownValue(body, open.form.action, f.name)
            if (shown !== undefined) expect(keepsTyped(shown, hostile.get(f.name)!, f.name), `${label}: ${f.name} shows ${JSON.stringify(shown.slice(0, 60))} for ${JSON.stringify(hostile.get(f.name)!.slice(0, 60))}`).toBe(true)
          }
        }
        return false
      }
      const location = res.headers.get('Location')
      if (opts.follow && location?.startsWith('/')) {
        // Stored, then shown: the page after the redirect must escape it too.
        const shown = await w.t.request(location, { cookie: open.cookie })
        expect(shown.status, `${label}: ${location}`).toBeLessThan(500)
        const html = await shown.text()
        for (const [name, value] of pairs) expectNoRawReflection(html, value, `${label} [${name}] after redirect to ${location}`, open.page)
      }
      return res.status < 400
    },
  }
}
