// Renders the app icon (views/static/icon.svg) to the PNG sizes Android asks of an installable app.
// Run by hand when the SVG changes: `npx tsx scripts/render-icons.ts`; the PNGs are committed.
import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'
const chromiumPath = process.env.SIGAP_CHROMIUM ?? '/usr/bin/chromium'

const svg = readFileSync('views/static/icon.svg', 'utf8')
const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu'] })
try {
  for (const size of [192, 512]) {
    const page = await browser.newPage({ viewport: { width: size, height: size } })
    await page.setContent(`<body style="margin:0">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body>`)
    await page.screenshot({ path: `views/static/icon-${size}.png` })
    await page.close()
  }
} finally {
  await browser.close()
}
