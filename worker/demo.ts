// What the Node entry does for a local trial (never in production): demo accounts, their password,
// a demo month of cases, and the lines that tell whoever started it how to sign in.
import { and, asc, count, like, ne } from 'drizzle-orm'
import type { Config } from './config'
import type { Db } from './db/client'
import { demoMonth, loadDemoMonth } from './demo-month'
import { kelurahan, waConversations, waMessages } from './db/schema'
import { unknownAreaCodes } from './domain/unknown-area'
import { applyDemoPassword, demoStaff, loadDemoUsers } from './db/seed'

/** Loads what is missing and returns the start-up banner, one line per entry. */
export async function prepareDemo(db: Db, config: Config, now: number): Promise<string[]> {
  const chosen = config.server.demoPassword
  const generated = await loadDemoUsers(db, config, now, chosen)
  // A later start with SIGAP_DEMO_PASSWORD set: the demo accounts take it (a lost password is one restart away).
  if (!generated && chosen) await applyDemoPassword(db, config, chosen)
  const loaded = !config.server.demoCases ? null : await loadDemoMonth(db, config, now)
  const waiting = !config.server.demoCases ? 0 : await loadDemoConversations(db, now)
  const [first] = await db.select({ code: kelurahan.code, name: kelurahan.name }).from(kelurahan).where(and(like(kelurahan.code, `${config.region}.%`), ne(kelurahan.code, unknownAreaCodes(config.region).kelurahan))).orderBy(asc(kelurahan.code)).limit(1)
  const facilitator = first ? `, or a facilitator: fas-<kelurahan code digits>, e.g. fas-${first.code.replace(/\D/g, '')} (${first.name})` : ''
  const password = generated
    ? `Password: ${generated} (generated at this first start and not stored; to choose one: SIGAP_DEMO_PASSWORD=… npm start)`
    : chosen
      ? 'Password: the value of SIGAP_DEMO_PASSWORD'
      : 'Password: the one printed at the first start; forgot it? SIGAP_DEMO_PASSWORD=… npm start sets a new one'
  return [
    ...(loaded ? [`Demo data: ${loaded} cases of the last ${demoMonth.days} days.`] : []),
    ...(waiting ? [`Demo WhatsApp: ${waiting} conversations waiting in Pesan masuk (/inbox).`] : []),
    `Sign in at ${config.origin}/login as ${demoStaff.map((s) => s.username).join(', ')}${facilitator}.`,
    password,
  ]
}

const minute = 60_000

// Reports by WhatsApp waiting for the desk (issue 21), as the webhook stores them: numbers in the
// 0812-555 range no one is given, Pontianak places, minutes ago. Text and a shared location only:
// the demo has no photo bytes to offer.
const demoConversations = [
  {
    sender: '6281255501234',
    profileName: 'Rina',
    messages: [
      { ago: 95, kind: 'text' as const, body: 'Selamat siang, di depan Pasar Flamboyan ada bapak tua tidur di trotoar sejak kemarin, kelihatan sakit.' },
      { ago: 93, kind: 'location' as const, latitude: -0.03052, longitude: 109.33817, place: 'Pasar Flamboyan, Jl. Gajah Mada' },
      { ago: 90, kind: 'text' as const, body: 'Bajunya kaos biru, tidak bawa apa-apa.' },
    ],
  },
  {
    sender: '6281255505678',
    profileName: null,
    messages: [{ ago: 25, kind: 'text' as const, body: 'Ada anak kecil mengemis sendirian di lampu merah Tugu Digulis tiap malam, kasihan.' }],
  },
]

/** The demo's waiting WhatsApp conversations, once (none when there are conversations already). */
export async function loadDemoConversations(db: Db, now: number): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(waConversations)
  if (n > 0) return 0
  for (const [i, c] of demoConversations.entries()) {
    const times = c.messages.map((m) => now - m.ago * minute)
    const [row] = await db.insert(waConversations).values({ sender: c.sender, profileName: c.profileName, firstMessageAt: times[0]!, lastInboundAt: times.at(-1)!, createdAt: times[0]! }).returning({ id: waConversations.id })
    await db.insert(waMessages).values(
      c.messages.map(({ ago: _ago, ...m }, j) => ({ wamid: `wamid.demo-${i}-${j}`, conversationId: row!.id, sender: c.sender, sentAt: times[j]!, receivedAt: times[j]!, ...m })),
    )
  }
  return demoConversations.length
}
