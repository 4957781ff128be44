/** Timeline labels of the events written by the shelter and dispatch areas (issue 8). */
export const serviceEventLabels: Record<string, string> = {
  shelter_admit: 'Masuk rumah singgah',
  shelter_discharge: 'Keluar rumah singgah',
  assessment: 'Asesmen dicatat',
  document_step: 'Dokumen identitas',
  origin: 'Daerah asal dicatat',
  tracing: 'Penelusuran keluarga',
  service_details: 'Rincian layanan dicatat',
  dispatch: 'Kendaraan dikirim',
  dispatch_depart: 'Kendaraan berangkat',
  dispatch_arrive: 'Kendaraan tiba di lokasi',
  dispatch_finish: 'Tugas kendaraan selesai',
  dispatch_cancel: 'Pengiriman kendaraan dibatalkan',
  handover: 'Diserahkan ke fasilitator',
}
