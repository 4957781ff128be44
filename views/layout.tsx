import type { Child } from 'hono/jsx'
import { assetUrls } from '../worker/generated/assets'

export type Viewer = { displayName: string; role: string } | null

const navByRole: Record<string, { href: string; label: string }[]> = {
  operator: [{ href: '/intake', label: 'Laporan baru' }, { href: '/cases', label: 'Kasus' }],
  fasilitator: [{ href: '/cases', label: 'Kasus' }],
  supervisor: [{ href: '/intake', label: 'Laporan baru' }, { href: '/cases', label: 'Kasus' }],
  kepala: [{ href: '/cases', label: 'Kasus' }],
  admin: [{ href: '/intake', label: 'Laporan baru' }, { href: '/cases', label: 'Kasus' }],
}

/** The whole page around a view; htmx partial requests get the view alone. */
export function Layout(props: { title: string; viewer: Viewer; children: Child }) {
  return (
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Sigap`}</title>
        <link rel="stylesheet" href={assetUrls.css} />
        <script src={assetUrls.htmx} defer></script>
        <script src={assetUrls.js} defer></script>
      </head>
      <body>
        <header class="top">
          <a class="brand" href="/">Sigap</a>
          {props.viewer && (
            <>
              <nav>
                {(navByRole[props.viewer.role] ?? []).map((item) => (
                  <>
                    <a href={item.href}>{item.label}</a>{' '}
                  </>
                ))}
              </nav>
              <span>{props.viewer.displayName}</span>
              <form method="post" action="/logout" data-clear-drafts-on-submit>
                <button type="submit">Keluar</button>
              </form>
            </>
          )}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  )
}
