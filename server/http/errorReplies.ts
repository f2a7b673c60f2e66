/**
 * Every error leaves the server as `{ code, message, details }` (shared ErrorBody; `details` is `{}`
 * when there is nothing to add). A client's mistake (bad JSON, wrong content type, failed zod
 * validation, too large) is a 4xx, never a 500. Requests Node refuses before Fastify sees them
 * (headers over the limit, a malformed request line) get the same shape from `clientErrorReply`.
 */
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import type { ErrorBody } from '../../shared/schemas.js'
import { errorStatus } from './errorStatus.js'
import { setSecurityHeaders } from './securityHeaders.js'

interface ValidationIssue {
  code: string
  path: string[]
  message: string
  [key: string]: unknown
}

/** Turns the type provider's per-issue records back into zod issues, prefixed with where they were. */
function zodIssues(error: FastifyError): ValidationIssue[] {
  const where = error.validationContext ?? 'request'
  return (error.validation ?? []).map((v) => ({
    ...(v.params as Record<string, unknown>),
    code: v.keyword,
    path: [where, ...v.instancePath.split('/').filter(Boolean)],
    message: v.message ?? 'invalid',
  }))
}

function issueSummary(issues: ValidationIssue[]): string {
  return issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
}

/** The media types request bodies may have: JSON only (app.ts keeps no other body parser). */
export const ACCEPTED_MEDIA_TYPES = ['application/json'] as const

interface KnownClientError {
  code: ErrorCode
  message?: string
  details: Record<string, unknown>
}

/** Fastify client errors that have a code of their own, and what their body says. */
const fastifyClientErrors: Record<string, (request: FastifyRequest) => KnownClientError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (request) => ({
    code: ErrorCode.PAYLOAD_TOO_LARGE,
    message: errorMessages.PAYLOAD_TOO_LARGE,
    details: { limitBytes: request.routeOptions.bodyLimit },
  }),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (request) => ({
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    message: `${errorMessages.UNSUPPORTED_MEDIA_TYPE} Got ${request.headers['content-type'] ?? 'none'}.`,
    details: { accepted: ACCEPTED_MEDIA_TYPES, received: request.headers['content-type'] ?? null },
  }),
}

export function registerErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      const body: ErrorBody = { code: error.code, message: error.message, details: error.details ?? {} }
      return reply.status(errorStatus[error.code]).send(body)
    }
    if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
      const issues = zodIssues(error)
      return reply.status(400).send({
        code: ErrorCode.VALIDATION_FAILED,
        message: issueSummary(issues),
        details: issues,
      } satisfies ErrorBody)
    }
    const status = error.statusCode ?? 500
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, unsupported media type, body too large, ...
      const known = fastifyClientErrors[error.code]?.(request)
      const code =
        known?.code ??
        (status === 404
          ? ErrorCode.NOT_FOUND
          : status === 401
            ? ErrorCode.UNAUTHENTICATED
            : ErrorCode.VALIDATION_FAILED)
      return reply.status(status).send({
        code,
        message: known?.message ?? error.message,
        details: { fastifyCode: error.code, ...known?.details },
      } satisfies ErrorBody)
    }
    request.log.error({ err: error }, 'unhandled error')
    return reply
      .status(500)
      .send({ code: ErrorCode.INTERNAL, message: errorMessages.INTERNAL, details: {} } satisfies ErrorBody)
  })
}

/** Bytes of request line plus headers Node accepts (its default, 16 KiB, is less than a long pull checkpoint). */
export const MAX_HEADER_BYTES = 128 * 1024

/**
 * For Fastify's `clientErrorHandler`: Node's http parser refused the request (headers too large,
 * a malformed request line, a timeout) before any route ran. Answers in the documented shape and
 * closes the connection, as Node and Fastify do.
 */
export function clientErrorReply(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const [status, code, message, details] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, ErrorCode.HEADERS_TOO_LARGE, errorMessages.HEADERS_TOO_LARGE, { limitBytes: MAX_HEADER_BYTES }]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, ErrorCode.VALIDATION_FAILED, 'The request took too long to arrive.', {}]
        : [
            400,
            ErrorCode.VALIDATION_FAILED,
            'The request is not valid HTTP.',
            { parserCode: error.code ?? null },
          ]
  const body = JSON.stringify({ code, message, details } satisfies ErrorBody)
  if (socket.writable) {
    socket.write(
      [
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Cache-Control: no-store',
        'X-Content-Type-Options: nosniff',
        'Connection: close',
        '',
        body,
      ].join('\r\n'),
    )
  }
  socket.destroy()
}

/** The router's longest path parameter (Fastify's default); every id the API takes is a 36-character UUID. */
export const MAX_PARAM_LENGTH = 100

/**
 * For Fastify's `frameworkErrors`: the router refused the URL before any route (or hook) ran, so
 * the reply gets the security headers here. A path that is not validly percent-encoded, or a path
 * parameter over MAX_PARAM_LENGTH, is a 400 VALIDATION_FAILED like any other malformed id (no id
 * is that long; 414 would say the whole URI is too long, which it is not).
 */
export function frameworkErrorReply(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  setSecurityHeaders(reply.raw, 'no-store')
  const path = request.url.split('?')[0]
  const [status, body]: [number, ErrorBody] =
    error.code === 'FST_ERR_BAD_URL'
      ? [
          400,
          {
            code: ErrorCode.VALIDATION_FAILED,
            message: 'The URL is not validly percent-encoded.',
            details: { path },
          },
        ]
      : error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? [
            400,
            {
              code: ErrorCode.VALIDATION_FAILED,
              message: `A path segment is longer than ${MAX_PARAM_LENGTH} characters: no id is that long.`,
              details: { maxParamLength: MAX_PARAM_LENGTH },
            },
          ]
        : [500, { code: ErrorCode.INTERNAL, message: errorMessages.INTERNAL, details: {} }]
  if (status === 500) request.log.error({ err: error }, 'router error')
  reply.status(status).send(body)
}
