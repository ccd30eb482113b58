// A private PostgreSQL cluster in a temporary folder on a free loopback port, for tests and
// benchmarks (Debian's postgresql package provides the binaries). As root it runs as the postgres
// user, since PostgreSQL refuses to run as root.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** The newest installed PostgreSQL's bin folder, or undefined. */
export function findPostgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : path.join(root, versions[0], 'bin')
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })

const asRoot = process.getuid?.() === 0
const shellQuote = (value: string) => `'${String(value).replace(/'/g, `'\\''`)}'`
const asOwner = (args: string[]): string[] => (asRoot ? ['su', 'postgres', '-s', '/bin/sh', '-c', args.map(shellQuote).join(' ')] : args)
const run = (args: string[]) => {
  const [file = '', ...rest] = asOwner(args)
  const result = spawnSync(file, rest, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed:\n${result.stdout}${result.stderr}`)
}

export interface PostgresCluster {
  /** The postgres superuser on database postgres. */
  url: string
  start(): void
  stop(): void
  restart(): void
  /** Stops the cluster (if running) and deletes its folder. */
  remove(): void
}

/** Makes and starts a cluster. Durability is off (fsync), which only tests and benchmarks can afford. */
export async function startPostgresCluster(bin = findPostgresBinaries()): Promise<PostgresCluster> {
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install -y postgresql)')
  const root = mkdtempSync(path.join(tmpdir(), 'abh-pg-'))
  chmodSync(root, 0o777)
  if (asRoot) spawnSync('chown', ['postgres:postgres', root])
  const dataDir = path.join(root, 'data')
  const port = await freePort()
  const pgCtl = [path.join(bin, 'pg_ctl'), '-D', dataDir, '-l', path.join(root, 'log'), '-w']
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${root} -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`
  run([path.join(bin, 'initdb'), '-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8'])
  const cluster: PostgresCluster = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start: () => run([...pgCtl, '-o', options, 'start']),
    stop: () => run([...pgCtl, '-m', 'fast', 'stop']),
    restart: () => run([...pgCtl, '-o', options, '-m', 'fast', 'restart']),
    remove() {
      try {
        cluster.stop()
      } catch {
        // already stopped
      }
      rmSync(root, { recursive: true, force: true })
    },
  }
  cluster.start()
  return cluster
}
