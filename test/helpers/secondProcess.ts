/**
 * A second server process on a test server's database (as another machine behind the load balancer
 * would run), injected into rather than listening: for tests of what one process does that another
 * must see. No webhook delivery in it (the first process's relay does that work).
 */
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../server/app.js'
import { defaultConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { TEST_SERVER_SETTINGS } from './testSettings.js'

export function secondProcess(db: Database): Promise<FastifyInstance> {
  return buildApp({
    db,
    config: defaultConfig({ SEED_DEMO: false, ...TEST_SERVER_SETTINGS, WEBHOOK_DELIVERY: false }),
    logger: false,
    clientDir: '/nonexistent',
  })
}
