/**
 * The server's log options. Request lines carry the path and a query string in which only the
 * parameters the route itself declares (its querystring schema) keep their values, and of those none
 * that looks like a credential: every other value is replaced, whatever its name. So no session
 * token, ticket, secret or password is ever written to a log (invariant 11), even when a client puts
 * one in a URL by mistake under any name (`?auth=…`, `?sid=…`), or on a path no route answers.
 */
import type { FastifyRequest } from 'fastify'

const SECRET_PARAM = /token|ticket|secret|password|key|signature|code|auth|session|sid|bearer|jwt|cred/i
const REDACTED = '[redacted]'

/**
 * The URL as it may be logged: the values of `declared` parameters kept unless their name looks
 * secret, every other value replaced by [redacted].
 */
export function loggableUrl(url: string, declared: ReadonlySet<string> = new Set()): string {
  const queryStart = url.indexOf('?')
  if (queryStart < 0) return url
  const params = new URLSearchParams(url.slice(queryStart + 1))
  for (const name of new Set(params.keys())) {
    if (!declared.has(name) || SECRET_PARAM.test(name)) params.set(name, REDACTED)
  }
  const query = params.toString()
  return query ? `${url.slice(0, queryStart)}?${query}` : url.slice(0, queryStart)
}

const declaredBySchema = new WeakMap<object, ReadonlySet<string>>()

/**
 * The query parameters a route's querystring schema names: a zod object's shape (also behind a
 * transform's pipe) or a JSON schema's properties. None when the route declares no query.
 */
export function declaredQueryParams(schema: unknown): ReadonlySet<string> {
  if (!schema || typeof schema !== 'object') return new Set()
  const known = declaredBySchema.get(schema)
  if (known) return known
  const source = schema as { shape?: object; in?: { shape?: object }; properties?: object }
  const names = new Set(Object.keys(source.shape ?? source.in?.shape ?? source.properties ?? {}))
  declaredBySchema.set(schema, names)
  return names
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
          url: loggableUrl(request.url, declaredQueryParams(request.routeOptions?.schema?.querystring)),
          host: request.host,
          remoteAddress: request.ip,
        }
      },
    },
  }
}
