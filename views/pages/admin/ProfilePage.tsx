import { indonesianZones, letterheadLines, weekdayNames, weekdays } from '../../../worker/domain/admin-forms'
import type { FieldErrors, FormValues } from '../../../worker/domain/form'
import { letterSettings, maxBasisLines, type LetterSetting } from '../../../worker/domain/letter'
import { replyTemplates, type ReplyPurpose, type ReplyTemplateSettings } from '../../../worker/domain/reporter-messages'
import { SelectField, TextArea, TextField } from '../../components/Field'
import { AdminNav } from './AdminNav'
import { ButtonForm } from '../../components/ButtonForm'
import { calendarDay, formatCalendarDay } from '../../../worker/domain/format'

export type ProfileProps = {
  values: FormValues
  errors: FieldErrors
  holidays: { date: string; name: string }[]
  holidayValues: FormValues
  holidayErrors: FieldErrors
  saved?: boolean
  /** The template names and language used when a field is empty (the deployment's environment). */
  templateDefaults: ReplyTemplateSettings
}

// Empty fields fall back to what the hint says.
const letterHints: Partial<Record<LetterSetting, string>> = {
  place: 'Kosong: nama kota/kabupaten wilayah ini.',
  classification: 'Kosong: 460. Nomor surat: klasifikasi/nomor urut/unit/bulan/tahun.',
  unit: 'Kosong: Dinsos.',
  signerTitle: 'Kosong: Kepala Dinas Sosial.',
  signerName: 'Kosong: surat ditandatangani supervisor yang menerbitkannya (nama, NIP dan pangkat dari akunnya).',
}

export function ProfilePage(props: ProfileProps) {
  const v = props.values
  return (
    <>
      <AdminNav current="/admin/profile" />
      <h1>Profil instansi</h1>
      {props.saved && (
        <div class="notice" role="status">
          Profil tersimpan.
        </div>
      )}
      <form method="post" action="/admin/profile">
        <TextField name="name" label="Nama instansi" value={v.name ?? ''} errors={props.errors} required maxlength={150} />
        <fieldset>
          <legend>Kop surat (surat tugas)</legend>
          {Object.entries(letterheadLines).map(([line, { label, max }]) => (
            <TextField name={`letterhead_${line}`} label={label} value={v[`letterhead_${line}`] ?? ''} errors={props.errors} maxlength={max} />
          ))}
        </fieldset>
        <fieldset>
          <legend>Surat tugas: nomor, dasar dan penanda tangan</legend>
          {(Object.entries(letterSettings) as [LetterSetting, (typeof letterSettings)[LetterSetting]][]).map(([name, { label, max }]) =>
            name === 'basis' ? (
              <TextArea name="letter_basis" label={label} value={v.letter_basis ?? ''} errors={props.errors} maxlength={max} hint={`Paling banyak ${maxBasisLines} baris, mis. Keputusan Kepala Dinas Sosial Nomor 020 Tahun 2023 tentang Petugas Penanganan PPKS. Surat memberi nomor urut sendiri.`} />
            ) : (
              <TextField name={`letter_${name}`} label={label} value={v[`letter_${name}`] ?? ''} errors={props.errors} maxlength={max} hint={letterHints[name]} />
            ),
          )}
        </fieldset>
        <TextField name="hotline" label="Nomor layanan (hotline)" value={v.hotline ?? ''} errors={props.errors} maxlength={40} inputmode="tel" hint="Disebut bersama 112 sebagai nomor darurat dalam balasan WhatsApp kepada pelapor." />
        <SelectField name="zone" label="Zona waktu" value={v.zone ?? ''} options={indonesianZones} errors={props.errors} required />
        <fieldset>
          <legend>Jam kantor (untuk kategori yang dihitung dengan jam kerja)</legend>
          <table class="hours">
            <tbody>
              {weekdays.map((day) => (
                <tr>
                  <th scope="row">{weekdayNames[day]}</th>
                  <td>
                    <label>
                      <input type="checkbox" name={`open_${day}`} value="1" checked={v[`open_${day}`] === '1'} /> buka
                    </label>
                  </td>
                  <td>
                    <label class="sr-only" for={`f-start_${day}`}>
                      Jam buka {weekdayNames[day]}
                    </label>
                    <input type="time" id={`f-start_${day}`} name={`start_${day}`} value={v[`start_${day}`] ?? ''} />
                  </td>
                  <td>
                    <label class="sr-only" for={`f-end_${day}`}>
                      Jam tutup {weekdayNames[day]}
                    </label>
                    <input type="time" id={`f-end_${day}`} name={`end_${day}`} value={v[`end_${day}`] ?? ''} />
                  </td>
                  <td>{props.errors[`hours_${day}`] && <p class="error">{props.errors[`hours_${day}`]}</p>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <fieldset>
          <legend>Template WhatsApp untuk pelapor (di luar jendela 24 jam)</legend>
          <p class="hint">
            Dalam 24 jam sejak pesan terakhir pelapor, balasan dikirim sebagai pesan teks biasa. Setelah itu WhatsApp hanya menerima template yang sudah disetujui Meta: isi namanya persis seperti di WhatsApp
            Manager. Kosong: nama bawaan.
          </p>
          {(Object.entries(replyTemplates) as [ReplyPurpose, (typeof replyTemplates)[ReplyPurpose]][]).map(([purpose, t]) => (
            <TextField
              name={`template_${purpose}`}
              label={t.label}
              value={v[`template_${purpose}`] ?? ''}
              errors={props.errors}
              maxlength={100}
              hint={`Kosong: ${props.templateDefaults.names[purpose]}. Variabel: ${t.variables.map((name, i) => `{{${i + 1}}} ${name}`).join(', ')}.`}
            />
          ))}
          <TextField name="template_language" label="Kode bahasa template" value={v.template_language ?? ''} errors={props.errors} maxlength={10} hint={`Kosong: ${props.templateDefaults.language}. Bahasa Indonesia: id.`} />
        </fieldset>
        <button type="submit">Simpan profil</button>
      </form>

      <h2>Hari libur nasional dan cuti bersama</h2>
      <form method="post" action="/admin/holidays" class="filters">
        <TextField name="date" idSuffix="holiday" label="Tanggal" type="date" value={props.holidayValues.date ?? ''} errors={props.holidayErrors} required />
        <TextField name="name" idSuffix="holiday" label="Keterangan" value={props.holidayValues.name ?? ''} errors={props.holidayErrors} required maxlength={100} />
        <button type="submit">Tambah hari libur</button>
      </form>
      {props.holidays.length === 0 ? (
        <p class="muted">Belum ada hari libur.</p>
      ) : (
        <table>
          <tbody>
            {props.holidays.map((h) => (
              <tr>
                <td>{formatCalendarDay(calendarDay(h.date))}</td>
                <td>{h.name}</td>
                <td>
                  <ButtonForm action={`/admin/holidays/${h.date}/delete`} class="inline" button="link">
                    hapus
                  </ButtonForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  )
}
