/**
 * A reverse proxy on 127.0.0.1 that forwards every request to the real server but, when the
 * policy says so, throws the response away after the server has fully answered and cuts the
 * client's connection: the write committed, the client never heard. That is the "lost response"
 * a retrying client must survive without duplicating anything.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface DroppingProxyOptions {
  /** Upstream origin, e.g. http://127.0.0.1:3000 */
  target: string
  /** Decides per request whether its response is dropped. */
  shouldDrop: (method: string, path: string) => boolean
}

export interface DroppingProxy {
  readonly url: string
  /** Responses dropped so far. */
  dropped(): number
  /** Requests forwarded so far (dropped or not). */
  forwarded(): number
  close(): Promise<void>
}

export async function startDroppingProxy(options: DroppingProxyOptions): Promise<DroppingProxy> {
  const target = new URL(options.target)
  const agent = new http.Agent({ keepAlive: true })
  let dropped = 0
  let forwarded = 0
  const server = http.createServer((req, res) => {
    forwarded++
    const drop = options.shouldDrop(req.method ?? 'GET', req.url ?? '/')
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (upstreamRes) => {
        if (drop) {
          // Let the server finish (its transaction is committed by now), then hang up on the client.
          upstreamRes.resume()
          upstreamRes.on('end', () => {
            dropped++
            req.socket.destroy()
          })
          return
        }
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers)
        upstreamRes.pipe(res)
      },
    )
    upstream.on('error', () => req.socket.destroy())
    req.pipe(upstream)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    dropped: () => dropped,
    forwarded: () => forwarded,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      agent.destroy()
    },
  }
}
