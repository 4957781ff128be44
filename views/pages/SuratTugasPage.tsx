import type { SuratTugasDetail } from '../../worker/db/queries/handling'
import { formatDate, formatDateTime } from '../../worker/domain/format'
import { QrCode } from '../components/QrCode'

export type Letterhead = {
  government: string
  agency: string
  address: string
  contact: string
  city: string
  signerTitle: string
  signerName: string
  signerNip: string
}

/** The printable A4 assignment letter; the print stylesheet hides everything but `.letter`. */
export function SuratTugasPage(props: { letter: SuratTugasDetail; head: Letterhead; verifyUrl: string; zone: string }) {
  const { letter: l, head } = props
  return (
    <>
      <p class="no-print">
        <a href={`/cases/${l.caseId}`}>← Kembali ke kasus {l.ticket}</a>{' '}
        <button type="button" class="btn" data-print hidden>
          Cetak
        </button>
      </p>
      <article class="letter">
        <header class="letterhead">
          <div class="gov">{head.government}</div>
          <div class="agency">{head.agency}</div>
          {head.address && <div class="addr">{head.address}</div>}
          {head.contact && <div class="addr">{head.contact}</div>}
        </header>
        <h1 class="letter-title">SURAT TUGAS</h1>
        <p class="letter-number">Nomor: {l.letter.number}</p>
        <p>Yang bertanda tangan di bawah ini menugaskan kepada:</p>
        <dl class="facts letter-facts">
          <dt>Nama</dt>
          <dd>{l.officerName}</dd>
          <dt>Jabatan</dt>
          <dd>Fasilitator / Pendamping Sosial</dd>
        </dl>
        <p>Untuk menangani kasus berikut:</p>
        <dl class="facts letter-facts">
          <dt>Nomor tiket</dt>
          <dd>{l.ticket}</dd>
          <dt>Jenis layanan</dt>
          <dd>{l.categoryName}</dd>
          <dt>Atas nama</dt>
          <dd>{l.personName}</dd>
          <dt>Lokasi</dt>
          <dd>
            {l.address}
            {l.rt && ` RT ${l.rt}`}
            {l.rw && ` RW ${l.rw}`}, Kel. {l.kelurahanName}, Kec. {l.kecamatanName}
          </dd>
        </dl>
        <p>Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.</p>
        <div class="letter-foot">
          <div class="verify">
            <QrCode text={props.verifyUrl} label="Kode QR verifikasi surat tugas" />
            <div class="small">
              Verifikasi: <span class="mono">{props.verifyUrl}</span>
            </div>
          </div>
          <div class="sign">
            <div>
              {head.city}, {formatDate(l.letter.issuedAt, props.zone)}
            </div>
            <div>{head.signerTitle}</div>
            <div class="sign-space"></div>
            <div class="sign-name">{head.signerName || '(.................................)'}</div>
            {head.signerNip && <div>NIP. {head.signerNip}</div>}
          </div>
        </div>
        <p class="small muted">Diterbitkan {formatDateTime(l.letter.issuedAt, props.zone)}.</p>
      </article>
    </>
  )
}

/** The public check behind the QR code: says whether the letter is genuine, with no personal data of the person helped. */
export function VerifyPage(props: { letter: SuratTugasDetail | null; agency: string; zone: string }) {
  const l = props.letter
  if (!l) {
    return (
      <>
        <h1>Surat tugas tidak dikenal</h1>
        <p class="notice bad">Kode verifikasi ini tidak cocok dengan surat tugas mana pun. Surat tersebut mungkin palsu.</p>
      </>
    )
  }
  return (
    <>
      <h1>Surat tugas sah</h1>
      <p class="notice">Surat ini diterbitkan oleh {props.agency} melalui Sigap.</p>
      <dl class="facts">
        <dt>Nomor</dt>
        <dd>{l.letter.number}</dd>
        <dt>Tanggal</dt>
        <dd>{formatDate(l.letter.issuedAt, props.zone)}</dd>
        <dt>Petugas</dt>
        <dd>{l.officerName}</dd>
        <dt>Tiket kasus</dt>
        <dd>{l.ticket}</dd>
        <dt>Kelurahan</dt>
        <dd>{l.kelurahanName}</dd>
      </dl>
    </>
  )
}
