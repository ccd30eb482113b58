// A loopback TCP proxy between Chromium and the app server that cuts API requests part-way, as a
// weak mobile link does, and counts only the request bytes that really reached the server.
//
// One request per connection: the proxy turns the request's `Connection` header into `close`, so
// the server closes after answering and Chromium opens a new connection for the next request.
// That makes a "cut connection" the same as a "cut request", and keeps Chromium from silently
// sending a request again on a reused connection that broke. A cut request reaches the server up
// to its cut point (byte offset into head and body); then both sides of the connection are closed
// without an answer. Requests outside /api/ (the app's files) pass untouched and are not counted.
import { connect, createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'

export interface ProxiedRequest {
  method: string
  path: string
  /** Head and body as Chromium sent them. */
  bytes: number
}

export interface CuttingProxyStats {
  apiRequests: number
  cutRequests: number
  /** Bytes of API requests that got past the proxy to the server (heads included). */
  apiBytesSent: number
  /** When each API request arrived (ms, performance.now()), for the requests per second. */
  apiRequestTimes: number[]
}

export interface CuttingProxy {
  baseUrl: string
  /** What was counted since the last call; counting starts again. */
  takeStats(): CuttingProxyStats
  /** Decides per API request: a byte offset to cut at (0 … bytes − 1), or undefined to let it through. */
  setCutting(cutAt: (request: ProxiedRequest) => number | undefined): void
  close(): Promise<void>
}

const headEnd = Buffer.from('\r\n\r\n')

function parseHead(head: Buffer): { method: string; path: string; bodyBytes: number; rewritten: Buffer } {
  const lines = head.toString('latin1').split('\r\n')
  const [method = '', path = ''] = (lines[0] ?? '').split(' ')
  let bodyBytes = 0
  const kept = lines.filter((line) => {
    const [name = '', ...rest] = line.split(':')
    const header = name.trim().toLowerCase()
    if (header === 'content-length') bodyBytes = Number(rest.join(':').trim())
    // Chromium's fetch and XHR bodies always have a length; a chunked one would be misread here.
    if (header === 'transfer-encoding') throw new Error('chunked request bodies are not supported by the cutting proxy')
    return header !== 'connection'
  })
  kept.splice(1, 0, 'Connection: close')
  return { method, path, bodyBytes, rewritten: Buffer.from(kept.join('\r\n'), 'latin1') }
}

/** A sequence of numbers in [0, 1) from a seed: the same cuts on every run. */
export function seededRandom(seed: number): () => number {
  // Spread nearby seeds apart (Knuth's multiplicative hash): xorshift's first outputs from small seeds are small.
  let state = Math.imul(seed + 1, 2654435761) >>> 0 || 1
  return () => {
    // xorshift32
    state ^= state << 13
    state >>>= 0
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state / 2 ** 32
  }
}

export async function startCuttingProxy(upstream: string): Promise<CuttingProxy> {
  const target = new URL(upstream)
  const fresh = (): CuttingProxyStats => ({ apiRequests: 0, cutRequests: 0, apiBytesSent: 0, apiRequestTimes: [] })
  let stats = fresh()
  let cutAt: (request: ProxiedRequest) => number | undefined = () => undefined
  const sockets = new Set<Socket>()

  const listener: Server = createServer((client) => {
    const server = connect(Number(target.port), target.hostname)
    let wasCut = false
    for (const socket of [client, server]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    }
    // The answer goes back as it comes; pipe ends the client's side after it.
    server.pipe(client)
    server.on('error', () => client.destroy())
    client.on('error', () => server.destroy())
    client.on('close', () => {
      if (!wasCut) server.destroy()
    })

    let head = Buffer.alloc(0)
    let forwarding: { isApi: boolean; cut: number | undefined; seen: number } | undefined
    const cutNow = () => {
      wasCut = true
      stats.cutRequests += 1
      server.unpipe(client)
      // The server sees the request break off after what was written (a half-close lets it
      // arrive); Chromium sees the connection close unanswered.
      server.end()
      client.destroy()
    }
    client.on('data', (chunk: Buffer) => {
      if (!forwarding) {
        head = Buffer.concat([head, chunk])
        const end = head.indexOf(headEnd)
        if (end < 0) return
        const headBytes = end + headEnd.length
        const parsed = parseHead(head.subarray(0, end))
        const isApi = parsed.path.startsWith('/api/')
        const request = { method: parsed.method, path: parsed.path, bytes: headBytes + parsed.bodyBytes }
        const cut = isApi ? cutAt(request) : undefined
        forwarding = { isApi, cut, seen: 0 }
        if (isApi) {
          stats.apiRequests += 1
          stats.apiRequestTimes.push(performance.now())
        }
        const rest = head.subarray(headBytes)
        if (cut !== undefined && cut < headBytes) {
          server.write(head.subarray(0, cut))
          if (isApi) stats.apiBytesSent += cut
          cutNow()
          return
        }
        server.write(Buffer.concat([parsed.rewritten, headEnd]))
        if (isApi) stats.apiBytesSent += headBytes
        forwarding.seen = headBytes
        chunk = rest
        if (chunk.length === 0) return
      }
      if (forwarding.cut !== undefined && forwarding.seen + chunk.length > forwarding.cut) {
        const part = chunk.subarray(0, forwarding.cut - forwarding.seen)
        server.write(part)
        if (forwarding.isApi) stats.apiBytesSent += part.length
        cutNow()
        return
      }
      forwarding.seen += chunk.length
      if (forwarding.isApi) stats.apiBytesSent += chunk.length
      server.write(chunk)
    })
    client.on('end', () => server.end())
  })
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
    takeStats() {
      const taken = stats
      stats = fresh()
      return taken
    },
    setCutting(next) {
      cutAt = next
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        listener.close(() => resolve())
      }),
  }
}
