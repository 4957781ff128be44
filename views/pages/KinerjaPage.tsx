import type { MonthRow } from '../../worker/domain/public-figures'
import { ListTable } from '../components/ListTable'

export type KinerjaProps = {
  agency: string
  /** null: the whole city or regency. */
  kelurahan: { name: string; kecamatanName: string } | null
  months: MonthRow[]
  categories?: { name: string; received: string }[]
  kelurahanLinks?: { code: string; name: string }[]
}

/** The public proof of the 1×24-hour promise: figures only, no person, no ticket. */
export function KinerjaPage(p: KinerjaProps) {
  return (
    <>
      <h1>Kinerja layanan {p.kelurahan ? `Kelurahan ${p.kelurahan.name}` : p.agency}</h1>
      <p>
        Janji kami: setiap laporan ditangani dalam 1×24 jam. Angka di bawah dihitung otomatis dari semua laporan{p.kelurahan ? ` di Kelurahan ${p.kelurahan.name}, Kecamatan ${p.kelurahan.kecamatanName}` : ''}, tanpa data pribadi. Jumlah 1 sampai 4 ditulis “&lt; 5”, dan persentase, median serta IKM dari kurang dari 5 laporan atau jawaban tidak ditampilkan (–), agar tidak ada orang yang dapat dikenali.
      </p>
      {/* Six columns do not fit a phone: the table scrolls on its own, the page does not. */}
      <div class="table-scroll" role="region" aria-label="Angka per bulan" tabindex={0}>
      <ListTable headings={['Bulan', 'Laporan diterima', 'Ditangani', 'Ditangani ≤ 24 jam', 'Median waktu penanganan', 'IKM (nilai)']} class="figures" id="per-bulan">
        {p.months.map((m) => (
          <tr>
            <td>{m.label}</td>
            <td class="num">{m.received}</td>
            <td class="num">{m.handled}</td>
            <td class="num">{m.withinPromise}</td>
            <td>{m.median}</td>
            <td>{m.ikm}</td>
          </tr>
        ))}
      </ListTable>
      </div>
      <p class="muted">“Ditangani” dihitung pada bulan penanganannya. IKM: Indeks Kepuasan Masyarakat dari survei setelah laporan ditutup (A sangat baik, B baik, C kurang baik, D tidak baik).</p>
      {p.categories && (
        <>
          <h2>Laporan per kategori, 12 bulan terakhir</h2>
          <ListTable headings={['Kategori', 'Laporan']} class="figures" id="per-kategori">
            {p.categories.map((c) => (
              <tr>
                <td>{c.name}</td>
                <td class="num">{c.received}</td>
              </tr>
            ))}
          </ListTable>
          <p class="muted">Laporan tentang ODGJ, anak dan kekerasan hanya dihitung dalam jumlah keseluruhan.</p>
        </>
      )}
      {p.kelurahanLinks && (
        <>
          <h2>Per kelurahan</h2>
          <ul class="columns">
            {p.kelurahanLinks.map((k) => (
              <li>
                <a href={`/kinerja/${k.code}`}>{k.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.kelurahan && (
        <p>
          <a href="/kinerja">Seluruh kota</a>
        </p>
      )}
    </>
  )
}
