/**
 * The error statuses every API operation can answer, added to its OpenAPI responses in one place
 * (an onRoute hook) rather than in each route file: 400 (an X-Organisation-Id that is no id), 401
 * and 403 (not a member of the organisation named) on every authenticated route, 429 on every
 * rate-limited one (rateLimits.ts limitClass), and 413 and 415 on every route that takes a body.
 * A status the route documents itself is kept as it is.
 */
import type { FastifyInstance, RouteOptions } from 'fastify'
import { bodyErrorResponses, errorResponses } from '../routes/errorResponses.js'
import { limitClass } from './rateLimits.js'

type Responses = Record<string, unknown>

/** The statuses (with their schemas) an operation answers besides its own, by what it is. */
export function sharedErrorResponses(route: RouteOptions): Responses {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  const added: Responses = {}
  if (route.config?.public !== true) {
    added[400] = errorResponses[400]
    added[401] = errorResponses[401]
    added[403] = errorResponses[403]
  }
  if (methods.some((method) => limitClass(method, route.url) !== null)) added[429] = errorResponses[429]
  if (route.schema?.body) Object.assign(added, bodyErrorResponses)
  return added
}

export function documentSharedErrors(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || !route.schema || route.schema.hide) return
    // A new object: routes may share one response map (errorResponses), which must stay as it is.
    route.schema.response = { ...sharedErrorResponses(route), ...(route.schema.response as Responses) }
  })
}
