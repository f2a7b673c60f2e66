import type { AppConfig } from '../config.js'
import type { Database } from '../db/database.js'

/** What every route plugin is registered with. */
export interface RouteOptions {
  db: Database
  config: AppConfig
}
