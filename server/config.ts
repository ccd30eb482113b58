import { isIP } from 'node:net'
import path from 'node:path'
import { defaultDraftRetentionDays, maxDraftRetentionDays } from '../src/domain/draftRetention.js'
import { isEmailAddress, normaliseEmailAddress } from '../src/domain/email.js'

export interface ServerConfig {
  port: number
  /** Where the SQLite database and uploaded files live. */
  dataDir: string
  /** The built app (vite build output) served as static files. */
  distDir: string
  /** Express "trust proxy": false, a hop count, or a comma-separated list of proxy addresses/subnets; never `true`. */
  trustProxy: false | number | string
  /** Largest JSON body the API accepts. */
  jsonBodyLimit: string
  /** Minutes without a touch after which an assisted session on an office device is wiped. */
  assistedIdleMinutes: number
  /** DRAFT_RETENTION_DAYS: days after its last change that an unsent draft, with its pages, is deleted from the server. */
  draftRetentionDays: number
  /** SECOND_FACTOR_KEY_FILE: where the key for staff TOTP secrets is kept, when not under DATA_DIR (server/app.ts). */
  secondFactorKeyFile?: string
  /** PUBLIC_URL: the app's address as applicants reach it (links in calendar files and e-mails), no trailing slash; without it, the request's own. */
  publicUrl?: string
  /** PostgreSQL instead of the embedded SQLite, when DATABASE_URL is set. */
  postgres?: { url: string; poolSize: number; statementTimeoutMs: number }
  /** Outbound e-mail, when SMTP_URL is set; without it messages stay queued (docs/operations.md). */
  mail?: { smtpUrl: string; from: string }
}

export class ConfigError extends Error {}

/** Reads the configuration from environment variables (README.md lists them). */
export function readConfig(env: NodeJS.ProcessEnv, cwd = process.cwd()): ServerConfig {
  return {
    port: parsePort(env.PORT ?? '8080'),
    dataDir: path.resolve(cwd, env.DATA_DIR ?? 'data'),
    distDir: path.resolve(cwd, env.DIST_DIR ?? 'dist'),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    jsonBodyLimit: env.JSON_BODY_LIMIT ?? '100kb',
    assistedIdleMinutes: parseMinutes(env.ASSISTED_IDLE_MINUTES ?? '10'),
    draftRetentionDays: parseWhole('DRAFT_RETENTION_DAYS', env.DRAFT_RETENTION_DAYS ?? String(defaultDraftRetentionDays), 1, maxDraftRetentionDays),
    ...(env.SECOND_FACTOR_KEY_FILE ? { secondFactorKeyFile: path.resolve(cwd, env.SECOND_FACTOR_KEY_FILE) } : {}),
    ...(env.PUBLIC_URL ? { publicUrl: parsePublicUrl(env.PUBLIC_URL) } : {}),
    ...(env.DATABASE_URL ? { postgres: parsePostgres(env) } : {}),
    ...(env.SMTP_URL ? { mail: parseMail(env) } : {}),
  }
}

function parsePublicUrl(value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new ConfigError(`PUBLIC_URL must be the app's address, e.g. https://termine.example.de, got "${value}"`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`PUBLIC_URL must be an http(s) address, got "${value}"`)
  if (url.search || url.hash || url.username || url.password) throw new ConfigError('PUBLIC_URL must be a plain address without query, fragment or credentials')
  return url.href.replace(/\/+$/, '')
}

function parseMail(env: NodeJS.ProcessEnv): NonNullable<ServerConfig['mail']> {
  const smtpUrl = env.SMTP_URL ?? ''
  if (!/^smtps?:\/\/[^/]/.test(smtpUrl)) throw new ConfigError('SMTP_URL must be an smtp:// or smtps:// URL (or unset to keep e-mails queued)')
  const from = env.MAIL_FROM?.trim() ?? ''
  if (!isEmailAddress(from)) throw new ConfigError('MAIL_FROM must be the sender address (e.g. termine@example.de) when SMTP_URL is set')
  // Links in e-mails need the app's address.
  if (!env.PUBLIC_URL) throw new ConfigError('PUBLIC_URL must be set when SMTP_URL is set: e-mails link to the app')
  return { smtpUrl, from: normaliseEmailAddress(from) }
}

function parsePostgres(env: NodeJS.ProcessEnv): NonNullable<ServerConfig['postgres']> {
  const url = env.DATABASE_URL ?? ''
  if (!/^postgres(ql)?:\/\//.test(url)) throw new ConfigError('DATABASE_URL must be a postgres:// URL (or unset for the embedded SQLite)')
  return {
    url,
    poolSize: parseWhole('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE ?? '10', 1, 200),
    statementTimeoutMs: parseWhole('DATABASE_STATEMENT_TIMEOUT_MS', env.DATABASE_STATEMENT_TIMEOUT_MS ?? '10000', 100, 600_000),
  }
}

function parseWhole(name: string, value: string, min: number, max: number): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < min || number > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${value}"`)
  return number
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, got "${value}"`)
  }
  return port
}

function parseMinutes(value: string): number {
  return parseWhole('ASSISTED_IDLE_MINUTES', value, 1, 240)
}

const namedProxySubnets = new Set(['loopback', 'linklocal', 'uniquelocal'])

const isProxyAddress = (entry: string) => {
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  const bits = Number(prefix)
  return /^\d{1,3}$/.test(prefix) && bits <= (family === 4 ? 32 : 128)
}

function parseTrustProxy(value: string | undefined): false | number | string {
  if (value === undefined || value.trim() === '' || value.trim() === 'false') return false
  if (value.trim() === 'true') {
    // Express would then take the first X-Forwarded-For address, which any client writes itself.
    throw new ConfigError(
      'TRUST_PROXY=true is refused: any client could forge X-Forwarded-For and get a fresh rate-limit budget per request. ' +
        'Set the number of proxies in front of the server (e.g. TRUST_PROXY=1) or their addresses/subnets (e.g. TRUST_PROXY=10.0.0.0/8,127.0.0.1)',
    )
  }
  if (/^\d+$/.test(value.trim())) return parseWhole('TRUST_PROXY', value.trim(), 0, 100)
  const entries = value.split(',').map((entry) => entry.trim())
  const wrong = entries.find((entry) => !namedProxySubnets.has(entry) && !isProxyAddress(entry))
  if (wrong !== undefined) throw new ConfigError(`TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses/subnets, got "${wrong}"`)
  return entries.join(',')
}
