import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Role } from '../../shared/schemas.js'
import { findUserByEmail } from '../domain/users.js'
import { DEMO_ACCOUNTS } from '../seed/demoData.js'
import type { RouteOptions } from './routeOptions.js'

const DemoCredential = z.object({ email: z.string(), password: z.string(), name: z.string(), role: Role })

/** For the sign-in screen: the demo accounts, only while the demo seed is enabled and present. */
export const demoRoutes: FastifyPluginAsyncZod<RouteOptions> = async (app, { db, config }) => {
  app.get(
    '/demo-credentials',
    {
      config: { public: true },
      schema: { tags: ['session'], response: { 200: z.object({ accounts: z.array(DemoCredential) }) } },
    },
    async () => {
      if (!config.SEED_DEMO) return { accounts: [] }
      const accounts = []
      for (const account of DEMO_ACCOUNTS) {
        if (await findUserByEmail(db, account.email)) {
          accounts.push({
            email: account.email,
            password: account.password,
            name: account.name,
            role: account.role,
          })
        }
      }
      return { accounts }
    },
  )
}
