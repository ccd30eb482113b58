import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { VitePWA } from 'vite-plugin-pwa'
import { webManifest } from './src/pwa/manifest'
import { prerenderPages } from './scripts/prerender'

const root = fileURLToPath(new URL('.', import.meta.url))
const alias = { '@': fileURLToPath(new URL('./src', import.meta.url)) }
const define = {
  __VUE_I18N_LEGACY_API__: 'false',
  __VUE_I18N_FULL_INSTALL__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __VUE_OPTIONS_API__: 'false',
  __VUE_PROD_DEVTOOLS__: 'false',
  __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
}

export default defineConfig({
  plugins: [
    vue(),
    // Before the service worker is written: the pre-rendered pages are precached (docs/pwa.md).
    prerenderPages({ root, alias, define }),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // We register with workbox-window after router.isReady() ourselves (src/pwa/registerServiceWorker.ts).
      injectRegister: false,
      // Never swap the app under an open form: the user confirms the reload (docs/pwa.md).
      registerType: 'prompt',
      manifest: webManifest,
      injectManifest: {
        rollupFormat: 'iife',
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,txt}'],
      },
      devOptions: { enabled: false },
      integration: { closeBundleOrder: 'post' },
    }),
  ],
  resolve: { alias },
  define,
  build: {
    // The size check (scripts/size-report.mjs) follows the manifest from index.html.
    manifest: true,
    target: 'es2020',
    // Every browser we aim at (Chromium on Android above all) preloads modules natively; Safari
    // before 17 merely loses the head start. Saves about 0.4 KB gzip on every screen.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
})
