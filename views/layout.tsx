import type { Child } from 'hono/jsx'
import { assetUrls, inlineStyle } from '../worker/generated/assets'

export type Viewer = { displayName: string; role: string; unreadAlerts?: number; waWaiting?: number; crew?: boolean } | null

// Whoever rides a vehicle (any staff role, listed per vehicle by an admin) gets its trips first.
const crewNav = { href: '/crew', label: 'Tugas kendaraan' }

// Reports by WhatsApp wait for whoever takes reports by phone (issue 21); the nav counts them.
const inboxNav = { href: '/inbox', label: 'Pesan masuk' }

const navByRole: Record<string, { href: string; label: string }[]> = {
  operator: [{ href: '/intake', label: 'Laporan baru' }, inboxNav, { href: '/cases', label: 'Kasus' }, { href: '/dispatch', label: 'Kendaraan' }],
  fasilitator: [{ href: '/my-cases', label: 'Kasus saya' }, { href: '/cases', label: 'Kasus' }, { href: '/shelter', label: 'Rumah singgah' }],
  supervisor: [{ href: '/intake', label: 'Laporan baru' }, inboxNav, { href: '/queue', label: 'Antrean' }, { href: '/cases', label: 'Kasus' }, { href: '/shelter', label: 'Rumah singgah' }, { href: '/dispatch', label: 'Kendaraan' }, { href: '/satisfaction', label: 'IKM' }, { href: '/dashboard', label: 'Dasbor' }],
  kepala: [{ href: '/cases', label: 'Kasus' }, { href: '/satisfaction', label: 'IKM' }, { href: '/dashboard', label: 'Dasbor' }],
  asisten: [{ href: '/cases', label: 'Kasus' }, { href: '/dashboard', label: 'Dasbor' }],
  walikota: [{ href: '/cases', label: 'Kasus' }, { href: '/dashboard', label: 'Dasbor' }],
  admin: [{ href: '/intake', label: 'Laporan baru' }, inboxNav, { href: '/cases', label: 'Kasus' }, { href: '/dashboard', label: 'Dasbor' }, { href: '/admin/users', label: 'Admin' }],
  mitra: [{ href: '/mitra', label: 'Rujukan' }],
}

/**
 * The whole page around a view; htmx partial requests get the view alone. A facilitator's pages
 * also carry the installable app (manifest) and the offline script (issue 22); nobody else's do, so
 * the intake page and the desk pages weigh what they did. `synced`: the page may be kept offline,
 * and says when it was fetched once the phone shows it without signal. `scripts: false`: a page that
 * needs no script (the public figures, issue 24) leaves them out, as they are most of its weight.
 * `htmx`: the page has hx- attributes; htmx is left out of the others (issue 25).
 */
export function Layout(props: { title: string; viewer: Viewer; synced?: string; children: Child; scripts?: boolean; htmx?: boolean }) {
  const field = props.viewer?.role === 'fasilitator'
  // The page's scripts in the order they run, started by boot.js (issue 25).
  const scripts = [
    ...(props.scripts !== false ? [...(props.htmx ? [assetUrls.htmx] : []), assetUrls.js] : []),
    ...(field ? [assetUrls.offline] : []),
  ]
  return (
    <html lang="id">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Sigap`}</title>
        {/* No icon to download: otherwise every browser asks for /favicon.ico and gets a 404 page. */}
        <link rel="icon" href="data:," />
        {/* The whole stylesheet, inline (issue 25): no round trip before the first paint. Raw, so the
            served bytes are the bytes the CSP hash was taken of. */}
        <style dangerouslySetInnerHTML={{ __html: inlineStyle.css }} />
        {/* Preloaded, so they download beside the HTML as deferred scripts did, but started by
            boot.js after parsing, each in a task of its own: a keystroke can come between them,
            where deferred scripts and htmx's scan ran in one stretch before any input (issue 25). */}
        {scripts.map((src) => (
          <link rel="preload" as="script" href={src} />
        ))}
        {scripts.length > 0 && <script src={assetUrls.boot} defer data-run={scripts.join(' ')}></script>}
        {field && (
          <>
            <link rel="manifest" href="/manifest.webmanifest" />
            <meta name="theme-color" content="#0b3d6e" />
          </>
        )}
      </head>
      <body>
        {/* WCAG 2.4.1: a keyboard user skips the header's links; the first Tab shows this link. */}
        <a class="skip" href="#isi">
          Langsung ke isi utama
        </a>
        <header class="top">
          <a class="brand" href="/">Sigap</a>
          {!props.viewer && (
            <nav>
              <a href="/lapor">Lapor</a> <a href="/cek">Cek laporan</a> <a href="/layanan">Layanan</a> <a href="/kinerja">Kinerja</a>
            </nav>
          )}
          {props.viewer && (
            <>
              <nav>
                {[...(props.viewer.crew ? [crewNav] : []), ...(navByRole[props.viewer.role] ?? [])].map((item) => (
                  <>
                    {item === inboxNav && props.viewer?.waWaiting ? (
                      <a href={item.href} aria-label={`${item.label}, ${props.viewer?.waWaiting} menunggu`}>
                        {item.label} <span class="count">{props.viewer?.waWaiting}</span>
                      </a>
                    ) : (
                      <a href={item.href}>{item.label}</a>
                    )}{' '}
                  </>
                ))}
              </nav>
              {/* An SVG bell, not an emoji: old call-centre PCs often have no emoji font. */}
              <a class="bell" href="/alerts" aria-label={`Pemberitahuan, ${props.viewer.unreadAlerts ?? 0} belum dibaca`}>
                <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">
                  <path d="M12 22a2.5 2.5 0 0 0 2.5-2.5h-5A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
                </svg>
                {(props.viewer.unreadAlerts ?? 0) > 0 && <span class="count">{props.viewer.unreadAlerts}</span>}
              </a>
              <span>{props.viewer.displayName}</span>
              <form method="post" action="/logout" data-clear-drafts-on-submit>
                <button type="submit">Keluar</button>
              </form>
            </>
          )}
        </header>
        <main id="isi" tabindex={-1}>
          {props.synced && (
            <p class="notice" data-offline-note hidden>
              Tanpa sinyal: ini salinan terakhir di ponsel, diperbarui {props.synced}.
            </p>
          )}
          {field && <p class="notice" data-sync hidden aria-live="polite"></p>}
          {props.children}
        </main>
      </body>
    </html>
  )
}
