// Runs a command with a private PostgreSQL cluster: `node --import tsx scripts/with-postgres.ts -- CMD ARGS…`.
// CMD finds the cluster in TEST_DATABASE_URL (a superuser URL; each test file makes its own
// database in it). The cluster is stopped and removed afterwards. Without PostgreSQL the command
// does not run: a loud SKIPPED, or under CI=true a failure (as the browser suite does without Chromium).
import { spawn } from 'node:child_process'
import { findPostgresBinaries, startPostgresCluster, type PostgresCluster } from './postgres-cluster.js'

const separator = process.argv.indexOf('--')
const command = separator === -1 ? [] : process.argv.slice(separator + 1)
if (command.length === 0) {
  console.error('usage: node --import tsx scripts/with-postgres.ts -- COMMAND [ARGS…]')
  process.exit(2)
}

if (!findPostgresBinaries()) {
  const banner = '#'.repeat(78)
  const message = `PostgreSQL not found (/usr/lib/postgresql/*/bin): "${command.join(' ')}" did NOT run on PostgreSQL.`
  if (process.env.CI === 'true') {
    console.error(`${banner}\n# ${message}\n# CI=true: this is a failure. Install it: apt-get install -y postgresql\n${banner}`)
    process.exit(1)
  }
  console.warn(`${banner}\n# SKIPPED: ${message}\n# Install it with: apt-get install -y postgresql\n${banner}`)
  process.exit(0)
}

let exitCode = 1
let cluster: PostgresCluster | undefined
try {
  cluster = await startPostgresCluster()
  const child = spawn(command[0] ?? '', command.slice(1), { stdio: 'inherit', env: { ...process.env, TEST_DATABASE_URL: cluster.url } })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  exitCode = await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))))
} catch (error) {
  console.error(error instanceof Error ? error.message : error)
} finally {
  cluster?.remove()
}
process.exit(exitCode)
