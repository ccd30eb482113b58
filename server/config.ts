import { isIP } from 'node:net'
import path from 'node:path'

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
  /** SECOND_FACTOR_KEY_FILE: where the key for staff TOTP secrets is kept, when not under DATA_DIR (server/app.ts). */
  secondFactorKeyFile?: string
  /** The app's address as applicants reach it (links in calendar files and e-mails); without it, the request's own. */
  publicUrl?: string
  /** PostgreSQL instead of the embedded SQLite, when DATABASE_URL is set. */
  postgres?: { url: string; poolSize: number; statementTimeoutMs: number }
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
    ...(env.SECOND_FACTOR_KEY_FILE ? { secondFactorKeyFile: path.resolve(cwd, env.SECOND_FACTOR_KEY_FILE) } : {}),
    ...(env.PUBLIC_URL ? { publicUrl: parsePublicUrl(env.PUBLIC_URL) } : {}),
    ...(env.DATABASE_URL ? { postgres: parsePostgres(env) } : {}),
  }
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

function parsePublicUrl(value: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new ConfigError(`PUBLIC_URL must be the app's http(s) address without query or fragment, e.g. https://termine.musterstadt.de, got "${value}"`)
  }
  return url.href.replace(/\/+$/, '')
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
