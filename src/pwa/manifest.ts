import type { ManifestOptions } from 'vite-plugin-pwa'

/** The web app manifest. German is the reference language of the authority. */
export const webManifest: Partial<ManifestOptions> = {
  id: '/',
  name: 'ABH Digital – Ausländerbehörde',
  short_name: 'ABH Digital',
  description: 'Anträge und Termine bei der Ausländerbehörde, auch ohne Verbindung.',
  lang: 'de',
  dir: 'ltr',
  start_url: '/',
  scope: '/',
  display: 'standalone',
  orientation: 'any',
  theme_color: '#1d3a8a',
  background_color: '#ffffff',
  icons: [
    { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
    { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
  ],
}
