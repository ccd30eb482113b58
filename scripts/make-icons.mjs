// Renders the app icons (public/icons/*.png) from the SVG mark with Debian's Chromium.
// Run by hand after changing the mark: node scripts/make-icons.mjs. The PNGs are committed.
import { readFile, mkdir } from 'node:fs/promises'
import { chromium } from 'playwright-core'

const mark = await readFile(new URL('../public/favicon.svg', import.meta.url), 'utf8')
const outDir = new URL('../public/icons/', import.meta.url)
await mkdir(outDir, { recursive: true })

// Maskable icons keep their content inside the central safe zone (a circle of 80 % diameter) and fill the square edge to edge.
const icons = [
  { file: 'icon-192.png', size: 192, padding: 0, background: 'transparent' },
  { file: 'icon-512.png', size: 512, padding: 0, background: 'transparent' },
  { file: 'icon-maskable-512.png', size: 512, padding: 0.1, background: '#1d3a8a' },
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
})
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size } })
    const inset = Math.round(icon.size * icon.padding)
    await page.setContent(
      `<body style="margin:0;background:${icon.background}">` +
        `<div style="position:absolute;inset:${inset}px">${mark.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body>`,
    )
    await page.screenshot({ path: new URL(icon.file, outDir).pathname, omitBackground: icon.background === 'transparent' })
    await page.close()
  }
} finally {
  await browser.close()
}
