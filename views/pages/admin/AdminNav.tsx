/** The admin area's own links, above every admin page. */
export function AdminNav(props: { current: string }) {
  const items: [string, string][] = [
    ['/admin', 'Beranda'],
    ['/admin/users', 'Pengguna'],
    ['/admin/kelurahan', 'Kelurahan & fasilitator'],
    ['/admin/categories', 'Kategori'],
    ['/admin/ladder', 'Tangga eskalasi'],
    ['/admin/vehicles', 'Kendaraan'],
    ['/admin/kelurahan-contacts', 'Kontak kelurahan'],
    ['/admin/shelters', 'Rumah singgah'],
    ['/admin/service-fields', 'Isian layanan'],
    ['/admin/profile', 'Profil instansi'],
    ['/admin/imports/cases', 'Impor arsip kasus'],
    ['/admin/audit', 'Log audit'],
  ]
  return (
    <nav class="subnav" aria-label="Menu admin">
      {items.map(([href, label]) => (
        <a href={href} aria-current={props.current === href ? 'page' : undefined}>
          {label}
        </a>
      ))}
    </nav>
  )
}
