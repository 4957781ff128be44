/** Settings key of the admin-edited /layanan text. */
export const layananSettingKey = 'layanan.markdown'

/** What /layanan says until an admin writes the agency's own text. */
export const defaultLayananMarkdown = `# Apa yang kami layani
Dinas Sosial menerima pengaduan dan permohonan bantuan bagi warga miskin dan rentan: JPS Kesehatan, Pendidikan, Rutilahu dan Sosial, pengajuan KIS/BPJS PBI dan DTKS, orang terlantar, ODGJ, lansia dan anak terlantar, korban bencana, serta layanan reaksi cepat.

# Siapa yang dapat melapor
Siapa saja: warga yang bersangkutan, keluarga, tetangga, Ketua RT/RW, atau petugas.

# Dokumen yang perlu disiapkan
- KTP dan Kartu Keluarga (bila ada)
- Surat keterangan dari kelurahan (untuk beberapa layanan)
- Dokumen pendukung lain akan disampaikan petugas

Laporan tetap diterima walau dokumen belum lengkap.

# Alur layanan
1. Laporan diterima lewat telepon, datang langsung, WhatsApp, atau formulir [Lapor](/lapor), dan Anda mendapat nomor tiket.
2. Laporan ditugaskan kepada fasilitator kelurahan.
3. Fasilitator menghubungi pelapor dan mendatangi lokasi.
4. Bila perlu, kasus dirujuk ke mitra (rumah sakit, panti, BAZNAS, sekolah).
5. Kasus selesai dan ditutup; Anda dapat mengisi survei kepuasan.

**Janji kami: setiap laporan ditangani dalam 1×24 jam.**

# Jam layanan
Senin–Jumat 08.00–16.00. Laporan darurat diterima setiap saat.

# Hotline
Telepon: [112](tel:112)

# Data pribadi Anda
Data yang Anda berikan hanya dipakai untuk menangani laporan (UU 27/2022 tentang Pelindungan Data Pribadi). Untuk meminta salinan data Anda, atau melaporkan celah keamanan, hubungi pejabat pelindungan data pribadi Dinas Sosial melalui hotline di atas.
`
