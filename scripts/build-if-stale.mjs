// Builds the app when dist/ is missing or older than its sources; shared by `npm start` and the
// Lighthouse benchmark, so both always measure and serve what the sources say.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const buildInputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', 'tsconfig.app.json']
const builtMarker = path.join(root, 'dist', 'index.html')

function newestModification(entry) {
  const stats = statSync(entry)
  if (!stats.isDirectory()) return stats.mtimeMs
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestModification(path.join(entry, child))), stats.mtimeMs)
}

function buildIsStale() {
  if (!existsSync(builtMarker)) return true
  const inputs = buildInputs.map((input) => path.join(root, input)).filter((input) => existsSync(input))
  return Math.max(...inputs.map(newestModification)) > statSync(builtMarker).mtimeMs
}

/** Runs `npm run build` if needed; exits the process when the build fails. */
export function buildIfStale() {
  if (!buildIsStale()) return
  console.log('Building the app (the build is missing or older than its sources) …')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
