import type { Child } from 'hono/jsx'
import type { SuratTugasDetail } from '../../worker/db/queries/handling'
import { calendarDay, formatDateLong, formatPeriod } from '../../worker/domain/format'
import type { LetterContent, LetterPerson } from '../../worker/domain/letter'
import { formatNip } from '../../worker/domain/nip'
import { QrCode } from '../components/QrCode'

export type Letterhead = {
  government: string
  agency: string
  address: string
  contact: string
  city: string
}

/** A numbered list in the letter's "Dasar"/"Untuk" column. */
function Items(props: { items: Child[] }) {
  return (
    <ol class="letter-items">
      {props.items.map((item) => (
        <li>{item}</li>
      ))}
    </ol>
  )
}

function Officer(props: { person: LetterPerson }) {
  const p = props.person
  return (
    <table class="letter-person">
      <tbody>
        <tr>
          <td>Nama</td>
          <td>:</td>
          <td class="strong">{p.name}</td>
        </tr>
        <tr>
          <td>NIP</td>
          <td>:</td>
          <td>{p.nip ? formatNip(p.nip) : '-'}</td>
        </tr>
        <tr>
          <td>Pangkat/golongan</td>
          <td>:</td>
          <td>{p.rank ?? '-'}</td>
        </tr>
        <tr>
          <td>Jabatan</td>
          <td>:</td>
          <td>{p.position ?? '-'}</td>
        </tr>
      </tbody>
    </table>
  )
}

/**
 * The surat tugas as a naskah dinas (Permendagri 1/2023): kop, title and number, Dasar, Menugaskan
 * (Kepada, Untuk), place and date, signer; the QR code lets anyone check it. Printed alone on one
 * A4 page: the print stylesheet hides everything but `.letter`.
 */
export function SuratTugasPage(props: { letter: SuratTugasDetail; content: LetterContent; head: Letterhead; verifyUrl: string; zone: string }) {
  const { letter: l, content: c, head } = props
  const period = formatPeriod(calendarDay(c.periodStart), calendarDay(c.periodEnd))
  return (
    <>
      <p class="no-print">
        <a href={`/cases/${l.caseId}`}>← Kembali ke kasus {l.ticket}</a>{' '}
        <button type="button" class="btn" data-print hidden>
          Cetak / simpan PDF
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
        <p class="letter-number">NOMOR {l.letter.number}</p>
        <table class="letter-body">
          <tbody>
            {c.basis.length > 0 && (
              <tr>
                <th scope="row">Dasar</th>
                <td>:</td>
                <td>
                  <Items items={c.basis} />
                </td>
              </tr>
            )}
            <tr>
              <td colspan={3} class="letter-order">
                MENUGASKAN:
              </td>
            </tr>
            <tr>
              <th scope="row">Kepada</th>
              <td>:</td>
              <td>
                <Items items={c.officers.map((o) => <Officer person={o} />)} />
              </td>
            </tr>
            <tr>
              <th scope="row">Untuk</th>
              <td>:</td>
              <td>
                <Items items={[c.task, `Melaksanakan tugas tersebut pada ${period}.`, `Melaporkan hasil pelaksanaan tugas kepada ${c.signer.position} melalui Sigap.`]} />
              </td>
            </tr>
          </tbody>
        </table>
        <p>Demikian surat tugas ini dibuat untuk dilaksanakan dengan penuh tanggung jawab.</p>
        <div class="letter-foot">
          <div class="verify">
            <QrCode text={props.verifyUrl} label="Kode QR verifikasi surat tugas" />
            <div class="small">
              Periksa keaslian surat: <span class="mono">{props.verifyUrl}</span>
            </div>
          </div>
          <div class="sign">
            <div>
              {c.place}, {formatDateLong(l.letter.issuedAt, props.zone)}
            </div>
            <div class="sign-title">{c.signer.position.toUpperCase()},</div>
            <div class="sign-space"></div>
            <div class="sign-name">{c.signer.name || '(.................................)'}</div>
            {c.signer.rank && <div>{c.signer.rank}</div>}
            {c.signer.nip && <div>NIP {formatNip(c.signer.nip)}</div>}
          </div>
        </div>
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
        <dd>{formatDateLong(l.letter.issuedAt, props.zone)}</dd>
        <dt>Petugas</dt>
        <dd>{(l.letter.content?.officers.map((o) => o.name) ?? [l.officerName]).join(', ')}</dd>
        {l.letter.content && (
          <>
            <dt>Masa tugas</dt>
            <dd>{formatPeriod(calendarDay(l.letter.content.periodStart), calendarDay(l.letter.content.periodEnd))}</dd>
          </>
        )}
        <dt>Tiket kasus</dt>
        <dd>{l.ticket}</dd>
        <dt>Kelurahan</dt>
        <dd>{l.kelurahanName}</dd>
      </dl>
    </>
  )
}
