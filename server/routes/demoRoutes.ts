import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'
import { Role } from '../../shared/schemas.js'
import { findUserByEmail } from '../domain/users.js'
import { DEMO_ACCOUNTS } from '../seed/demoData.js'
import { errorResponses } from './errorResponses.js'
import type { RouteOptions } from './routeOptions.js'

const DemoCredential = z.object({
  email: z.string(),
  password: z.string(),
  name: z.string(),
  role: Role,
  /** Whether the account administers an organisation (the sign-in list says so beside its role). */
  admin: z.boolean(),
})

/**
 * For the sign-in screen: the demo accounts, only while the demo seed is enabled (SEED_DEMO, never in
 * production) and present. With the seed off the route answers 404: there is nothing to hand out.
 */
export const demoRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db, config }) => {
  app.get(
    '/demo-credentials',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        summary: 'Demo accounts and passwords (only while the demo seed is on; never in production)',
        response: { 200: z.object({ accounts: z.array(DemoCredential) }), 404: errorResponses[404] },
      },
    },
    async () => {
      if (!config.SEED_DEMO) throw new DomainError(ErrorCode.NOT_FOUND, errorMessages.NOT_FOUND)
      const accounts = []
      for (const account of DEMO_ACCOUNTS) {
        if (await findUserByEmail(db, account.email)) {
          accounts.push({
            email: account.email,
            password: account.password,
            name: account.name,
            role: account.role,
            admin: account.memberships.some((membership) => membership.role === 'admin'),
          })
        }
      }
      return { accounts }
    },
  )
}
