/**
 * A query parameter given more than once (`?limit=1&limit=2`) is refused for every route in one
 * place: Fastify's query string parser makes an array of it, which each route's schema then
 * reported in misleading words ("expected number, received NaN", "Invalid option"). No route takes
 * a list in its query string, so a repeated parameter is always a client's mistake: 400
 * VALIDATION_FAILED, its details zod-like issues (path `querystring.<name>`) as other validation errors.
 */
import type { FastifyInstance } from 'fastify'
import { DomainError, ErrorCode } from '../../shared/errors.js'

export const REPEATED_PARAMETER = 'give this parameter once'

export function refuseRepeatedQueryParameters(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const query = request.query as Record<string, unknown> | undefined
    const repeated = query ? Object.keys(query).filter((name) => Array.isArray(query[name])) : []
    if (repeated.length === 0) return done()
    done(
      new DomainError(
        ErrorCode.VALIDATION_FAILED,
        repeated.map((name) => `${name}: ${REPEATED_PARAMETER}`).join('; '),
        repeated.map((name) => ({
          code: 'repeated',
          path: ['querystring', name],
          message: REPEATED_PARAMETER,
        })),
      ),
    )
  })
}
