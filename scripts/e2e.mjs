// Runs the browser suite in Debian's Chromium. Without a browser it says so loudly and skips,
// except under CI=true, where a missing browser fails the run.
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

if (!existsSync(chromium)) {
  const banner = '#'.repeat(78)
  const message = `Chromium not found at ${chromium}: the browser tests (tests/e2e) did NOT run.`
  if (process.env.CI === 'true') {
    console.error(`${banner}\n# ${message}\n# CI=true: a missing browser is a failure. Install it: apt-get install -y chromium\n${banner}`)
    process.exit(1)
  }
  console.warn(`${banner}\n# SKIPPED: ${message}\n# Install it with: apt-get install -y chromium (or set CHROMIUM_PATH)\n${banner}`)
  process.exit(0)
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const instancesTest = 'tests/e2e/instances.test.ts'
const only = process.argv.slice(2)
// The whole suite on the SQLite default; then the two-instance test on a private PostgreSQL
// (with-postgres skips loudly without PostgreSQL, and fails under CI=true).
const onSqlite = spawnSync(npx, ['vitest', 'run', '--project', 'e2e', '--exclude', instancesTest, ...only], { stdio: 'inherit' })
if (onSqlite.status !== 0 || only.length > 0) process.exit(onSqlite.status ?? 1)
const onPostgres = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/with-postgres.ts', '--', npx, 'vitest', 'run', '--project', 'e2e', instancesTest], { stdio: 'inherit' })
process.exit(onPostgres.status ?? 1)
