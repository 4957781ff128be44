import { count, eq, like } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, caseEvents, cases, importUploads, userKelurahan, users } from '../../worker/db/schema'
import { createTestApp, kelurahanA, kelurahanName, type TestApp } from '../support/app'

async function adminApp() {
  const t = await createTestApp({ now: '2026-11-24T09:00:00+07:00' })
  const admin = await t.addUser('admin')
  return { t, admin, cookie: await t.cookieFor(admin) }
}

/** Uploads a file through the real multipart form; returns the page it redirects to. */
async function upload(t: TestApp, cookie: string, kind: 'cases' | 'users', name: string, content: string | Uint8Array) {
  const form = new FormData()
  form.set('file', new File([content as BlobPart], name, { type: 'text/csv' }))
  const res = await t.request(`/admin/imports/${kind}`, { cookie, method: 'POST', body: form })
  expect(res.status).toBe(303)
  return res.headers.get('Location')!
}

const importedCount = async (t: TestApp) => (await t.db.select({ n: count() }).from(cases).where(like(cases.idempotencyKey, 'impor:%')))[0]!.n

describe('importing past records', () => {
  it('previews every broken row, imports the valid ones as closed cases, and a re-import creates nothing twice', async () => {
    const { t, cookie } = await adminApp()
    const name = await kelurahanName(t.db, kelurahanA)
    const csv = [
      'No;Tanggal;Kelurahan;Nama PPKS;NIK;Jenis layanan;Keterangan;Hasil',
      `1;05/01/2021;${name};Budi;6171011508900002;JPS Kesehatan;Butuh KIS;Sudah dibantu`,
      `2;2021-01-06 13.15;${kelurahanA};Ani;;odgj;"Dirujuk; ke RSJ";`,
      '3;31/02/2021;Kelurahan Antah;Cici;12345;JPS Kesehatan;;',
      `4;07/01/2021;${name};;;Bukan kategori;;`,
    ].join('\r\n')
    const location = await upload(t, cookie, 'cases', 'arsip-2021.csv', csv)
    const preview = await (await t.request(location, { cookie })).text()
    expect(preview).toContain('<strong>2 sah</strong>')
    expect(preview).toContain('2 bermasalah')
    expect(preview).toContain('Tanggal laporan &quot;31/02/2021&quot; tidak dikenali')
    expect(preview).toContain('Kelurahan &quot;Kelurahan Antah&quot; tidak dikenal di wilayah ini.')
    expect(preview).toContain('NIK: NIK harus 16 angka.')
    expect(preview).toContain('Kategori &quot;Bukan kategori&quot; tidak dikenal.')
    expect(preview).toContain('Nama kosong.')
    // The guessed mapping is shown as selects the admin can change without JavaScript.
    expect(preview).toMatch(/<select id="f-col_received_at" name="col_received_at">.*<option value="1" selected=""/s)
    expect(await importedCount(t)).toBe(0)

    const id = location.split('/').pop()!
    const run = await t.request(`/admin/imports/cases/${id}/run`, { cookie, form: { from: '0' } })
    expect(run.status).toBe(303)
    expect(run.headers.get('Location')).toBe(`/admin/imports/cases/${id}?created=2`)
    const rows = await t.db.select().from(cases).where(like(cases.idempotencyKey, 'impor:%')).orderBy(cases.receivedAt)
    expect(rows).toMatchObject([
      { status: 'ditutup', personName: 'Budi', personNik: '6171011508900002', kelurahanCode: kelurahanA, description: 'Butuh KIS', receivedAt: Date.parse('2021-01-05T00:00:00+07:00') },
      { status: 'ditutup', personName: 'Ani', personNik: null, description: 'Dirujuk; ke RSJ', receivedAt: Date.parse('2021-01-06T13:15:00+07:00') },
    ])
    expect(rows[0]!.ticket).toMatch(/^R-[0-9A-F]{10}$/)
    const events = await t.db.select().from(caseEvents).where(eq(caseEvents.caseId, rows[0]!.id))
    expect(events).toMatchObject([{ kind: 'diimpor', toStatus: 'ditutup', note: 'Sudah dibantu' }])
    const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'admin.import.cases'))
    expect(entry!.detail).not.toContain('6171011508900002')

    // The same file again, uploaded anew: nothing new.
    const again = await upload(t, cookie, 'cases', 'arsip-2021.csv', csv)
    const rerun = await t.request(`/admin/imports/cases/${again.split('/').pop()}/run`, { cookie, form: { from: '0' } })
    expect(rerun.headers.get('Location')).toMatch(/created=0$/)
    expect(await importedCount(t)).toBe(2)
  })

  it('reads a Windows-1252 file with commas, and lets the admin map the columns by hand', async () => {
    const { t, cookie } = await adminApp()
    const name = await kelurahanName(t.db, kelurahanA)
    const text = `kol1,kol2,kol3,kol4\n"Jos\u00e9 \u20ac",${name},2021-02-01,ODGJ\n`
    const bytes = Uint8Array.from([...text].map((ch) => (ch === '\u00e9' ? 0xe9 : ch === '\u20ac' ? 0x80 : ch.charCodeAt(0))))
    const location = await upload(t, cookie, 'cases', 'lama.csv', bytes)
    const id = location.split('/').pop()!
    const unmapped = await (await t.request(location, { cookie })).text()
    expect(unmapped).toContain('Pilih kolom untuk &quot;Tanggal laporan&quot;.')
    const mapped = await t.request(`/admin/imports/cases/${id}/mapping`, { cookie, form: { col_person_name: '0', col_kelurahan: '1', col_received_at: '2', col_category: '3' } })
    expect(mapped.status).toBe(303)
    expect(await (await t.request(location, { cookie })).text()).toContain('<strong>1 sah</strong>')
    await t.request(`/admin/imports/cases/${id}/run`, { cookie, form: { from: '0' } })
    const [row] = await t.db.select().from(cases).where(like(cases.idempotencyKey, 'impor:%'))
    expect(row!.personName).toBe('José €')
  })

  it('imports in steps with htmx, each answer a progress bar asking for the next step', async () => {
    const { t, cookie } = await adminApp()
    const name = await kelurahanName(t.db, kelurahanA)
    const lines = ['tanggal,kelurahan,nama,kategori', ...Array.from({ length: 12_000 }, (_, i) => `2021-03-01,${name},Orang ${i},ODGJ`)]
    const id = (await upload(t, cookie, 'cases', 'banyak.csv', lines.join('\n'))).split('/').pop()!
    const partial = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' }
    let from = '0'
    let created = '0'
    const bars: string[] = []
    for (let step = 0; step < 5; step++) {
      const res = await t.request(`/admin/imports/cases/${id}/run`, { cookie, headers: partial, form: { from, created } })
      const html = await res.text()
      bars.push(/<progress value="(\d+)" max="(\d+)"/.exec(html)!.slice(1).join('/'))
      const next = /hx-vals="([^"]+)"/.exec(html)
      if (!next) break
      const vals = JSON.parse(next[1]!.replace(/&quot;/g, '"')) as { from: number; created: number }
      from = String(vals.from)
      created = String(vals.created)
    }
    expect(bars).toEqual(['5000/12000', '10000/12000', '12000/12000'])
    expect(await importedCount(t)).toBe(12_000)
  })

  it('imports 50,000 rows in ten write batches', async () => {
    const { t, cookie } = await adminApp()
    const ref = (await t.db.query.kelurahan.findMany()).slice(0, 20)
    const categories = ['odgj', 'jps-kesehatan', 'lansia-terlantar', 'kis-pbi']
    const lines = ['Tanggal;Kelurahan;Nama;NIK;Kategori;Uraian;Alamat;HP pelapor']
    for (let i = 0; i < 50_000; i++) {
      const day = String((i % 28) + 1).padStart(2, '0')
      const month = String((i % 12) + 1).padStart(2, '0')
      const nik = i % 3 === 0 ? `617101${day}${month}90${String((i % 9999) + 1).padStart(4, '0')}` : ''
      lines.push(`${day}/${month}/2021 ${String(i % 24).padStart(2, '0')}.${String(i % 60).padStart(2, '0')};${ref[i % ref.length]!.name};Warga ${i};${nik};${categories[i % 4]};"Pengaduan nomor ${i}; perlu bantuan";Jl. Contoh ${i};08123456${String(i % 10000).padStart(4, '0')}`)
    }
    const started = performance.now()
    const id = (await upload(t, cookie, 'cases', 'pengaduan-2021.csv', lines.join('\r\n'))).split('/').pop()!
    const preview = await (await t.request(`/admin/imports/cases/${id}`, { cookie })).text()
    expect(preview).toContain('<strong>50000 sah</strong>')
    const previewed = performance.now()
    // Its cost is counted in write batches (5,000 rows each), which a busy machine cannot change;
    // the time is printed, and judged only by eye (README: about 5 s on an idle machine).
    const client = t.db.$client
    const batch = client.batch.bind(client)
    let writes = 0
    client.batch = ((stmts, mode) => (mode === 'write' && writes++, batch(stmts, mode))) as typeof client.batch
    const run = await t.request(`/admin/imports/cases/${id}/run`, { cookie, form: { from: '0' } })
    client.batch = batch
    expect(run.headers.get('Location')).toMatch(/created=50000$/)
    const finished = performance.now()
    expect(await importedCount(t)).toBe(50_000)
    expect((await t.db.select({ n: count() }).from(caseEvents).where(eq(caseEvents.kind, 'diimpor')))[0]!.n).toBe(50_000)
    const [upl] = await t.db.select().from(importUploads).where(eq(importUploads.id, Number(id)))
    expect(upl!.importedCount).toBe(50_000)
    console.log(`50,000-row import: upload + preview ${((previewed - started) / 1000).toFixed(1)} s, import ${((finished - previewed) / 1000).toFixed(1)} s, total ${((finished - started) / 1000).toFixed(1)} s`)
    expect(writes).toBe(10)
  }, 600_000) // only a hang should reach this
})

describe('importing users', () => {
  it('previews each row problem before saving, then creates the valid users with temporary passwords', async () => {
    const { t, cookie } = await adminApp()
    await t.addUser('operator', { username: 'sudah-ada' })
    const name = await kelurahanName(t.db, kelurahanA)
    const csv = [
      'username,nama,peran,kelurahan,hp,email',
      `fas-satu,Fasilitator Satu,fasilitator,${name},0812 3333 4444,satu@example.go.id`,
      'fas-dua,Fasilitator Dua,fasilitator,,,',
      'sudah-ada,Orang Lama,operator,,,',
      'op-baru,Operator Baru,raja,,,',
      'op-baru,Operator Baru Lagi,operator,,,bukan-email',
    ].join('\n')
    const location = await upload(t, cookie, 'users', 'staf.csv', csv)
    const preview = await (await t.request(location, { cookie })).text()
    expect(preview).toContain('Fasilitator harus punya paling sedikit satu kelurahan.')
    expect(preview).toContain('Nama pengguna &quot;sudah-ada&quot; sudah dipakai.')
    expect(preview).toContain('Peran &quot;raja&quot; tidak dikenal')
    expect(preview).toContain('Nama pengguna &quot;op-baru&quot; sudah dipakai.')
    expect(preview).toContain('Email &quot;bukan-email&quot; tidak valid.')
    expect(await t.db.select().from(users).where(eq(users.username, 'fas-satu'))).toHaveLength(0)

    const res = await t.request(`${location}/run`, { cookie, method: 'POST' })
    expect(res.status).toBe(200)
    expect((await res.text()).match(/class="temp-password"/g)).toHaveLength(1)
    const [created] = await t.db.select().from(users).where(eq(users.username, 'fas-satu'))
    expect(created).toMatchObject({ role: 'fasilitator', mustChangePassword: true, phone: '+6281233334444' })
    expect(await t.db.select().from(userKelurahan).where(eq(userKelurahan.userId, created!.id))).toMatchObject([{ kelurahanCode: kelurahanA }])
    // A second submit of the same file creates nobody.
    expect((await t.request(`${location}/run`, { cookie, method: 'POST' })).status).toBe(303)
    expect((await t.db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, 'admin.user.import')))[0]!.n).toBe(1)
  })
})

describe('importing a past year in the agency\'s own words (issue 17)', () => {
  const sheet = (name: string) =>
    [
      'No;Tanggal;Kelurahan;Nama;Jenis Pengaduan',
      `1;04/01/2021;${name};Rahmat;Pengajuan KIS`,
      `2;05/01/2021;Kel. ${name.toUpperCase()};Siti;Pengajuan BDT`,
      `3;06/01/2021;${name};Yusuf;Pelatihan Satpam`,
      `4;07/01/2021;${name};Maria;Servis Elektronik`,
      `5;08/01/2021;${name};Dewi;Bencana`,
      `6;09/01/2021;${name};Agus;Pengajuan KIS`,
      `7;10/01/2021;Antah Berantah;Joko;JPS Kesehatan`,
      `8;11/01/2021;${name};;Pengajuan KIS`,
    ].join('\r\n')

  it('lists each unrecognised value once with guesses, imports its rows once mapped, and remembers the mapping for the next file', async () => {
    const { t, cookie } = await adminApp()
    const name = await kelurahanName(t.db, kelurahanA)
    const location = await upload(t, cookie, 'cases', 'pengaduan-2021.csv', sheet(name))
    const id = location.split('/').pop()!
    const preview = await (await t.request(location, { cookie })).text()
    // Before mapping: every row with one of the agency's words is refused.
    expect(preview).toContain('<strong>0 sah</strong>')
    // Each distinct value once, with its rows and the best guess offered first.
    const kis = /<select id="f-v_category_pengajuankis" name="v_category_pengajuankis">(.*?)<\/select>/s.exec(preview)![1]!
    expect(kis).toMatch(/<optgroup label="Tebakan"><option value="\d+">Pengajuan KIS\/BPJS PBI<\/option>/)
    expect(preview).toMatch(/3 baris \(2, 7, 9\)/)
    for (const value of ['pengajuanbdt', 'pelatihansatpam', 'serviselektronik', 'bencana']) expect(preview).toContain(`name="v_category_${value}"`)
    expect(preview).toContain('name="v_kelurahan_antahberantah"')
    // "Kel. NAME" is the same kelurahan: not listed.
    expect(preview.match(/name="v_kelurahan_/g)).toHaveLength(1)

    const ids = Object.fromEntries((await t.db.$client.execute('SELECT id, code FROM categories')).rows.map((r) => [String(r.code), String(r.id)]))
    const mapped = await t.request(`/admin/imports/cases/${id}/values`, {
      cookie,
      form: {
        v_category_pengajuankis: ids['kis-pbi']!,
        v_category_pengajuanbdt: ids.dtks!,
        v_category_pelatihansatpam: ids['pelatihan-kerja']!,
        v_category_serviselektronik: ids['pelatihan-kerja']!,
        v_category_bencana: ids['korban-bencana']!,
        v_kelurahan_antahberantah: '',
      },
    })
    expect(mapped.status).toBe(303)
    const after = await (await t.request(location, { cookie })).text()
    // Only the unknown kelurahan and the row without a name stay refused, each with its row number.
    expect(after).toContain('<strong>6 sah</strong>')
    expect(after).toContain('2 bermasalah')
    expect(after).toMatch(/<td>8<\/td>\s*<td>.*Kelurahan &quot;Antah Berantah&quot; tidak dikenal/s)
    expect(after).toMatch(/<td>9<\/td>\s*<td>.*Nama kosong\./s)
    const run = await t.request(`/admin/imports/cases/${id}/run`, { cookie, form: { from: '0' } })
    expect(run.headers.get('Location')).toBe(`/admin/imports/cases/${id}?created=6`)
    const byName = Object.fromEntries((await t.db.select().from(cases).where(like(cases.idempotencyKey, 'impor:%'))).map((c) => [c.personName, c.categoryId]))
    expect(byName).toEqual({ Rahmat: Number(ids['kis-pbi']), Siti: Number(ids.dtks), Yusuf: Number(ids['pelatihan-kerja']), Maria: Number(ids['pelatihan-kerja']), Dewi: Number(ids['korban-bencana']), Agus: Number(ids['kis-pbi']) })

    // Next year's sheet from the same office (same headings): the answers are already there.
    const next = await upload(t, cookie, 'cases', 'pengaduan-2022.csv', sheet(name).replaceAll('/2021', '/2022'))
    const nextPreview = await (await t.request(next, { cookie })).text()
    expect(nextPreview).toContain('<strong>6 sah</strong>')
    expect(/<select id="f-v_category_bencana" name="v_category_bencana">(.*?)<\/select>/s.exec(nextPreview)![1]).toContain(`<option value="${ids['korban-bencana']}" selected="">`)
  })
})
