// `npm start`: builds the app when the build is missing or older than its sources, then runs the
// server in this same process (one pid, so SIGTERM reaches the server's graceful shutdown).
import { fileURLToPath } from 'node:url'
import { buildIfStale } from './build-if-stale.mjs'

process.chdir(fileURLToPath(new URL('..', import.meta.url)))
buildIfStale()

const { register } = await import('tsx/esm/api')
register()
await import('../server/main.ts')
