import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { createApp } from './app.js'
import { createMailWorker } from './mail/worker.js'
import { readConfig } from './config.js'
import { purgeRateLimits } from './services/rateLimit.js'
import { purgeSignInThrottle } from './services/signInThrottle.js'
import { openStorage } from './storage/storage.js'

const shutdownGraceMs = 10_000

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

async function main() {
  const config = readConfig(process.env)
  const storage = await openStorage({ dataDir: config.dataDir, postgres: config.postgres })
  const app = createApp({
    storage,
    version: packageVersion(),
    distDir: config.distDir,
    dataDir: config.dataDir,
    jsonBodyLimit: config.jsonBodyLimit,
    trustProxy: config.trustProxy,
    assistedIdleMinutes: config.assistedIdleMinutes,
    draftRetentionDays: config.draftRetentionDays,
    secondFactorKeyFile: config.secondFactorKeyFile,
    publicUrl: config.publicUrl,
    mailEnabled: config.mail !== undefined,
  })
  // Without SMTP_URL messages wait in the outbox (nothing is lost) until a start with it.
  const mailWorker = config.mail && config.publicUrl ? createMailWorker(storage, { ...config.mail, publicUrl: config.publicUrl }) : undefined
  mailWorker?.start()

  const finishInterruptedUploads = app.locals.finishInterruptedUploads as () => Promise<number>
  const cleanUpUploads = app.locals.cleanUpUploads as () => Promise<number>
  const purgeUnsentDrafts = app.locals.purgeUnsentDrafts as () => Promise<number>
  // Pages whose last byte arrived before a crash (kill -9, out of memory, a deploy) are linked before anything is served.
  await finishInterruptedUploads()
  setInterval(() => {
    // Finished first, so that a complete upload nobody asked about is never removed as expired.
    void finishInterruptedUploads()
      .then(() => cleanUpUploads())
      .catch(() => undefined)
    void purgeRateLimits(storage).catch(() => undefined)
    void purgeUnsentDrafts().catch(() => undefined)
    void purgeSignInThrottle(storage).catch(() => undefined)
    void storage.maintain().catch(() => undefined)
  }, 60 * 60 * 1000).unref()

  const server = app.listen(config.port, (error?: Error) => {
    // Express 5 hands listen errors (EADDRINUSE …) to this callback instead of throwing.
    if (error) {
      console.error(`Could not listen on port ${config.port}: ${error.message}`)
      void storage.close().finally(() => process.exit(1))
      return
    }
    const { port } = server.address() as AddressInfo
    console.log(`ABH Digital listening on http://localhost:${port}`)
  })

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal} received, shutting down`)
    const forceExit = setTimeout(() => {
      console.error('Shutdown took too long, exiting')
      void storage.close().finally(() => process.exit(1))
    }, shutdownGraceMs)
    forceExit.unref()
    server.close(() => {
      void (mailWorker?.stop() ?? Promise.resolve()).finally(() => void storage.close().finally(() => process.exit(0)))
    })
    server.closeIdleConnections()
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  // A configuration or database problem at start: say what it is (no personal data exists yet) and stop.
  console.error(`ABH Digital could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
