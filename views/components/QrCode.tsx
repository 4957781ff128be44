import { raw } from 'hono/html'
import qrcode from 'qrcode-generator'

/**
 * A QR code as inline SVG: one path drawn from the module matrix, with presentation attributes
 * only (no style attribute, no script), so the strict CSP holds. The text is encoded, never
 * interpolated into the markup.
 */
export function QrCode(props: { text: string; size?: number; label: string }) {
  const qr = qrcode(0, 'M')
  qr.addData(props.text)
  qr.make()
  const n = qr.getModuleCount()
  const quiet = 4
  let d = ''
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) if (qr.isDark(row, col)) d += `M${col + quiet} ${row + quiet}h1v1h-1z`
  }
  const extent = n + quiet * 2
  const size = props.size ?? 120
  return raw(
    `<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label="${props.label.replace(/[<>&"]/g, '')}" width="${size}" height="${size}" viewBox="0 0 ${extent} ${extent}" shape-rendering="crispEdges"><rect width="${extent}" height="${extent}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`,
  )
}
