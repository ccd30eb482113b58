// Build step (a Vite plugin of the client build): renders the public pages to HTML with Vue's
// server renderer, so a deep link paints before any JavaScript has run (docs/architecture.md).
// It runs before vite-plugin-pwa writes the service worker, so the pages are precached too.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { build, type AliasOptions, type Plugin } from 'vite'
import { prerenderedInlineHashesFile, type PrerenderedInlineHashes } from '../src/domain/prerenderedPages'
import type * as PrerenderEntry from '../src/entry-prerender'

type EntryModule = typeof PrerenderEntry

interface ManifestChunk {
  file: string
  css?: string[]
  imports?: string[]
  isEntry?: boolean
}
type Manifest = Record<string, ManifestChunk>

const entrySource = 'src/entry-prerender.ts'
const localeSource = 'src/i18n/locales/de.json'

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const sha256 = (text: string) => `sha256-${createHash('sha256').update(text).digest('base64')}`

function chunkClosure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key) || !manifest[key]) return seen
  seen.add(key)
  for (const child of manifest[key].imports ?? []) chunkClosure(manifest, child, seen)
  return seen
}

/**
 * Runs before the first paint: a visitor whose language is not German (chosen before, or the
 * browser's) must never see the German page turn into theirs, so the page stays hidden until the
 * app has mounted in their language. Uses the app's own rule (chooseStartLocale's source).
 */
function startLocaleScript(entry: EntryModule): string {
  const directions = Object.fromEntries(entry.supportedLocales.map((locale) => [locale, entry.directionOf(locale)]))
  return [
    '(function(){var root=document.documentElement,stored;',
    `try{stored=localStorage.getItem(${JSON.stringify(entry.storageKeys.locale)})}catch(error){}`,
    `var locale=(${entry.chooseStartLocale.toString()})(stored,navigator.languages||[],${JSON.stringify(entry.supportedLocales)},${JSON.stringify(entry.referenceLocale)});`,
    `if(locale!==${JSON.stringify(entry.referenceLocale)}){root.lang=locale;root.dir=${JSON.stringify(directions)}[locale];root.setAttribute('data-prerender','hidden')}})()`,
  ].join('')
}

/**
 * Runs at the end of the page: the app's entry and the page's chunks are requested together, once
 * the pre-rendered page has had its first frame, so the first paint waits for nothing but the HTML
 * (Lighthouse counts every request started before it). A page opened in the background, which
 * draws no frame, loads at once.
 */
function appLoaderScript(entryScript: string, preloads: string[]): string {
  return [
    `(function(){var preloads=${JSON.stringify(preloads.map((file) => `/${file}`))};`,
    'function load(){preloads.forEach(function(href){var link=document.createElement("link");link.rel="modulepreload";link.crossOrigin="";link.href=href;document.head.appendChild(link)});',
    `var script=document.createElement("script");script.type="module";script.crossOrigin="";script.src=${JSON.stringify(entryScript)};document.head.appendChild(script)}`,
    'if(document.visibilityState==="hidden")load();else requestAnimationFrame(function(){setTimeout(load,0)})})()',
  ].join('')
}

const entryScriptTag = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/
const preloadLinkTag = /\s*<link rel="modulepreload" crossorigin href="\/([^"]+)">/g

/** The template's entry script and its preloads, which the pre-rendered page loads after its first frame instead. */
function entryOfTemplate(template: string): { entryScript: string; preloads: string[] } {
  const entryScript = entryScriptTag.exec(template)?.[1]
  if (!entryScript) throw new Error('No entry script in the built index.html')
  return { entryScript, preloads: [...template.matchAll(preloadLinkTag)].map((match) => match[1] ?? '') }
}

function pageHtml(template: string, page: { html: string; title: string; styles: string; script: string; loader: string; entryCss: string[] }): string {
  let html = template.replace(entryScriptTag, '').replace(preloadLinkTag, '')
  for (const css of page.entryCss) html = html.replace(new RegExp(`\\s*<link rel="stylesheet"[^>]*href="/${css}"[^>]*>`), '')
  return html
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(page.title)}</title>`)
    .replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    <script>${page.script}</script>`)
    .replace('</head>', `    <style>${page.styles}</style>\n  </head>`)
    // Inert until the app has mounted: a tap on a button that has no handler yet would be lost.
    .replace('<div id="app"></div>', `<div id="app" inert>${page.html}</div>\n    <script>${page.loader}</script>`)
}

export function prerenderPages(options: { root: string; alias: AliasOptions; define: Record<string, string> }): Plugin {
  let outDir = ''
  return {
    name: 'abh-prerender',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    closeBundle: {
      order: 'pre',
      sequential: true,
      async handler() {
        // Inside dist/ so the bundle finds node_modules; removed before anything is precached.
        const serverOutDir = path.join(outDir, '.prerender')
        await build({
          configFile: false,
          root: options.root,
          logLevel: 'warn',
          plugins: [vue()],
          resolve: { alias: options.alias },
          define: options.define,
          build: { ssr: entrySource, outDir: serverOutDir, emptyOutDir: true, rolldownOptions: { output: { entryFileNames: 'entry.mjs' } } },
        })
        try {
          const entry = (await import(pathToFileURL(path.join(serverOutDir, 'entry.mjs')).href)) as EntryModule
          const manifest = JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest
          const template = readFileSync(path.join(outDir, 'index.html'), 'utf8')
          const { entryScript, preloads: entryPreloads } = entryOfTemplate(template)
          const entryKey = Object.keys(manifest).find((key) => manifest[key]?.isEntry)
          if (!entryKey) throw new Error('No entry chunk in the Vite manifest')
          const loadedWithEntry = chunkClosure(manifest, entryKey)
          const entryCss = manifest[entryKey]?.css ?? []
          const readAsset = (file: string) => readFileSync(path.join(outDir, file), 'utf8')
          const script = startLocaleScript(entry)
          const hiddenUntilMounted = 'html[data-prerender=hidden] #app{visibility:hidden}'
          const styleHashes = new Set<string>()
          const scriptHashes = new Set<string>([sha256(script)])

          for (const pagePath of entry.prerenderedPaths) {
            const rendered = await entry.renderPage(pagePath)
            const pageChunks = new Set<string>()
            for (const module of [...rendered.modules, localeSource]) {
              for (const key of chunkClosure(manifest, module)) if (!loadedWithEntry.has(key)) pageChunks.add(key)
            }
            const chunks = [...pageChunks].flatMap((key) => (manifest[key] ? [manifest[key]] : []))
            const css = [...new Set([...entryCss, ...chunks.flatMap((chunk) => chunk.css ?? [])])]
            const styles = [hiddenUntilMounted, ...css.map(readAsset)].join('\n')
            styleHashes.add(sha256(styles))
            const file = entry.prerenderedFileOf(pagePath)
            if (!file) throw new Error(`No file for the pre-rendered page ${pagePath}`)
            const loader = appLoaderScript(entryScript, [...entryPreloads, ...chunks.map((chunk) => chunk.file)])
            scriptHashes.add(sha256(loader))
            const html = pageHtml(template, { html: rendered.html, title: rendered.title, styles, script, loader, entryCss })
            mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true })
            writeFileSync(path.join(outDir, file), html)
          }
          const hashes: PrerenderedInlineHashes = { script: [...scriptHashes], style: [...styleHashes] }
          writeFileSync(path.join(outDir, prerenderedInlineHashesFile), `${JSON.stringify(hashes, null, 2)}\n`)
        } finally {
          rmSync(serverOutDir, { recursive: true, force: true })
        }
      },
    },
  }
}
