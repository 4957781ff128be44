import { relations } from '../../worker/domain/glossary'
import type { FieldErrors, FormValues } from '../../worker/domain/form'
import { PhotoField, RequiredMark, SelectField, TextArea, TextField } from '../components/Field'

export type LaporOptions = { kelurahan: [string, string][]; categories: [string, string][] }

const entries = (record: Record<string, string>) => Object.entries(record) as [string, string][]

/** What the form collects and why (UU PDP 27/2022): shown above the consent box. */
export function ConsentText() {
  return (
    <div class="consent-text" id="h-consent">
      <p>
        <strong>Pemberitahuan pelindungan data pribadi (UU No. 27 Tahun 2022).</strong> Kami mengumpulkan nama dan nomor HP Anda, lokasi, dan uraian
        masalah hanya untuk menangani laporan ini: menghubungi Anda, mendatangi lokasi, dan bila perlu merujuk ke lembaga mitra (rumah sakit, panti,
        sekolah). Data hanya dibuka petugas Dinas Sosial yang menangani, setiap akses dicatat, dan data disimpan selama masa retensi arsip lalu
        dihapus. Anda berhak meminta salinan, perbaikan, atau penghapusan data Anda melalui hotline di halaman <a href="/layanan">Layanan</a>.
      </p>
    </div>
  )
}

/** The public report form: short, one column on a phone, works with JavaScript off. */
export function LaporPage(props: { values: FormValues; errors: FieldErrors; options: LaporOptions; photos: boolean }) {
  const { values: v, errors } = props
  const hasErrors = Object.keys(errors).length > 0
  return (
    <>
      <h1>Lapor ke Dinas Sosial</h1>
      <p>Laporkan warga yang membutuhkan bantuan sosial. Setiap laporan ditangani dalam 1×24 jam. Darurat? Telepon hotline di halaman <a href="/layanan">Layanan</a>.</p>
      {hasErrors && (
        <div class="notice bad" role="alert">
          Laporan belum terkirim. Perbaiki isian yang ditandai.
          {errors.form && <> {errors.form}</>}
          {errors.idem && <> {errors.idem}</>}
        </div>
      )}
      <form method="post" action="/lapor" class="narrow" enctype={props.photos ? 'multipart/form-data' : undefined}>
        <input type="hidden" name="idem" value={v.idem} />
        {/* Honeypot: hidden from people and screen readers; bots that fill every field give themselves away. */}
        <div class="hp" aria-hidden="true">
          <label for="f-website">Situs web</label>
          <input type="text" id="f-website" name="website" value="" tabindex={-1} autocomplete="off" />
        </div>
        <TextField name="reporter_name" label="Nama Anda" value={v.reporter_name ?? ''} errors={errors} required maxlength={100} autocomplete="name" />
        <TextField name="reporter_phone" label="Nomor HP Anda" type="tel" inputmode="tel" value={v.reporter_phone ?? ''} errors={errors} required hint="Petugas akan menghubungi nomor ini. Contoh: 0812 3456 7890" autocomplete="tel" />
        <SelectField name="reporter_relation" label="Hubungan Anda dengan orang yang dilaporkan" value={v.reporter_relation ?? ''} options={entries(relations)} placeholder="— pilih —" errors={errors} required />
        <TextField name="person_name" label="Nama orang yang perlu dibantu" value={v.person_name ?? ''} errors={errors} required maxlength={200} hint="Bila tidak tahu namanya, tulis ciri-cirinya." />
        <SelectField name="category" label="Jenis masalah" value={v.category ?? ''} options={props.options.categories} placeholder="— pilih —" errors={errors} required />
        <SelectField name="kelurahan" label="Kelurahan" value={v.kelurahan ?? ''} options={props.options.kelurahan} placeholder="— pilih kelurahan —" errors={errors} required />
        <TextField name="address" label="Alamat atau lokasi" value={v.address ?? ''} errors={errors} required maxlength={300} hint="Nama jalan, gang, nomor rumah, RT/RW." />
        <TextField name="landmark" label="Patokan" value={v.landmark ?? ''} errors={errors} maxlength={200} required="sometimes" hint="Wajib bila kelurahan tidak diketahui: mis. nama masjid, sekolah atau toko terdekat." />
        <TextArea name="description" label="Apa yang terjadi?" value={v.description ?? ''} errors={errors} required maxlength={4000} />
        {props.photos && (
          <PhotoField name="foto" label="Foto (bila ada)" hint="JPEG, PNG atau WebP, paling besar 300 KB." errors={errors} />
        )}
        <ConsentText />
        <div class={errors.consent ? 'field check invalid' : 'field check'}>
          <input type="checkbox" id="f-consent" name="consent" value="ya" checked={v.consent === 'ya'} required aria-describedby={errors.consent ? 'h-consent e-consent' : 'h-consent'} aria-invalid={errors.consent ? 'true' : undefined} />
          <label for="f-consent">
            Saya sudah membaca pemberitahuan di atas dan setuju data saya diproses untuk menangani laporan ini.
            <RequiredMark />
          </label>
          {errors.consent && (
            <p class="error" id="e-consent">
              {errors.consent}
            </p>
          )}
        </div>
        <button type="submit">Kirim laporan</button>
      </form>
    </>
  )
}

/** Shown after a report was stored: the ticket, and how to follow it. */
export function LaporSentPage(props: { ticket: string }) {
  return (
    <>
      <h1>Laporan terkirim</h1>
      <div class="notice" role="status">
        Nomor tiket Anda: <strong class="ticket" id="ticket">{props.ticket}</strong>
      </div>
      <p>Catat nomor tiket ini. Petugas akan menghubungi Anda; laporan ditangani dalam 1×24 jam.</p>
      <p>
        Untuk melihat perkembangannya, buka <a href={`/cek?tiket=${encodeURIComponent(props.ticket)}`}>Cek laporan</a> lalu masukkan nomor tiket dan 4
        angka terakhir nomor HP Anda.
      </p>
    </>
  )
}

/** The answer to a submission caught by the honeypot: nothing was stored, nothing is revealed. */
export function LaporDiscardedPage() {
  return (
    <>
      <h1>Laporan terkirim</h1>
      <p>Terima kasih.</p>
    </>
  )
}
