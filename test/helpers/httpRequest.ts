/**
 * A lean HTTP/1.1 JSON client over node:http with keep-alive, for load and torture traffic to
 * 127.0.0.1. Lighter on CPU than fetch (the load driver shares two cores with the server), and
 * it sends any body verbatim, so hostile payloads (broken JSON, odd content types) reach the wire.
 */
import http from 'node:http'

export interface HttpResponse {
  status: number
  /** Parsed JSON when the body is JSON, else the raw text. */
  body: unknown
}

export interface HttpRequest {
  method: string
  path: string
  /** An object is sent as JSON; a string is sent as-is. */
  body?: unknown
  token?: string
  contentType?: string
  /** Aborts the request after this long (default 30 s). */
  timeoutMs?: number
}

/** A client bound to one origin, with its own keep-alive connection pool. */
export interface HttpClient {
  request(req: HttpRequest): Promise<HttpResponse>
  close(): void
}

/**
 * `keepAlive: false` gives every request its own connection: for hostile traffic, after which the
 * server may rightly close a connection that a pooled client would otherwise reuse.
 */
export function httpClient(baseUrl: string, maxSockets = 64, keepAlive = true): HttpClient {
  const origin = new URL(baseUrl)
  const agent = new http.Agent({ keepAlive, maxSockets })
  return {
    request: (req) => send(origin, agent, req),
    close: () => agent.destroy(),
  }
}

/** Sockets (reused by keep-alive) that already carry the no-op error listener. */
const quieted = new WeakSet<object>()

function send(origin: URL, agent: http.Agent, req: HttpRequest): Promise<HttpResponse> {
  const payload =
    req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body)
  const headers: http.OutgoingHttpHeaders = {}
  if (payload !== undefined) {
    headers['content-type'] = req.contentType ?? 'application/json'
    headers['content-length'] = Buffer.byteLength(payload)
  }
  if (req.token) headers.authorization = `Bearer ${req.token}`
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        host: origin.hostname,
        port: origin.port,
        method: req.method,
        path: req.path,
        headers,
        agent,
        timeout: req.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseBody(Buffer.concat(chunks)) }))
      },
    )
    outgoing.on('timeout', () => outgoing.destroy(new Error(`${req.method} ${req.path} timed out`)))
    outgoing.on('error', reject)
    // A server may answer early (413) and reset while the body is still being written; that late
    // socket error arrives after the response and has nobody left to tell.
    outgoing.on('socket', (socket) => {
      if (quieted.has(socket)) return
      quieted.add(socket)
      socket.on('error', () => {})
    })
    outgoing.end(payload)
  })
}

function parseBody(raw: Buffer): unknown {
  const text = raw.toString('utf8')
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
