/**
 * The server's log options. Request lines carry the path and a query string with every value that
 * could be a credential replaced, whatever the route: no session token, ticket, secret or password
 * is ever written to a log (invariant 11), even when a client puts one in a URL by mistake.
 */
import type { FastifyRequest } from 'fastify'

const SECRET_PARAM = /token|ticket|secret|password|key|signature|code/i

/** The URL as it may be logged: secret-looking query values replaced by [redacted]. */
export function loggableUrl(url: string): string {
  const queryStart = url.indexOf('?')
  if (queryStart < 0) return url
  const params = new URLSearchParams(url.slice(queryStart + 1))
  for (const name of new Set(params.keys())) {
    if (SECRET_PARAM.test(name)) params.set(name, '[redacted]')
  }
  const query = params.toString()
  return query ? `${url.slice(0, queryStart)}?${query}` : url.slice(0, queryStart)
}

/** pino options for buildApp's `logger`; `stream` lets tests read what would be logged. */
export function requestLogOptions(level: string, stream?: { write(line: string): void }) {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: {
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: loggableUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
        }
      },
    },
  }
}
