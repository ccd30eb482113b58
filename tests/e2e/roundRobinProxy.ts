// A loopback HTTP proxy that sends each request to the next of several upstream servers in turn,
// as a load balancer without sticky sessions would: the tests of several instances use it.
import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RoundRobinProxy {
  baseUrl: string
  /** How many requests each upstream got. */
  counts: number[]
  close(): Promise<void>
}

export async function startRoundRobinProxy(upstreams: () => readonly string[]): Promise<RoundRobinProxy> {
  let next = 0
  const counts = upstreams().map(() => 0)
  const server: Server = createServer((incoming, outgoing) => {
    const index = next++ % upstreams().length
    counts[index] = (counts[index] ?? 0) + 1
    const target = new URL(upstreams()[index] ?? '')
    const forwarded = request(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: incoming.headers.host } },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(outgoing)
      },
    )
    forwarded.on('error', () => outgoing.destroy())
    incoming.pipe(forwarded)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
