// `npm start`: builds the app when the build is missing or older than its sources, then runs the
// server in this same process (one pid, so SIGTERM reaches the server's graceful shutdown).
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
process.chdir(root)

const buildInputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json', 'tsconfig.app.json']
const builtMarker = path.join(root, 'dist', 'index.html')

function newestModification(entry) {
  const stats = statSync(entry)
  if (!stats.isDirectory()) return stats.mtimeMs
  return readdirSync(entry).reduce((newest, child) => Math.max(newest, newestModification(path.join(entry, child))), stats.mtimeMs)
}

function buildIsStale() {
  if (!existsSync(builtMarker)) return true
  const sourcesChanged = Math.max(...buildInputs.filter((input) => existsSync(input)).map(newestModification))
  return sourcesChanged > statSync(builtMarker).mtimeMs
}

if (buildIsStale()) {
  console.log('Building the app (the build is missing or older than its sources) …')
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  const result = spawnSync(npm, ['run', 'build'], { stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const { register } = await import('tsx/esm/api')
register()
await import('../server/main.ts')
