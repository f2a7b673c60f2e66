import type { AppConfig } from '../config.js'
import type { Database } from '../db/database.js'

/** What every route plugin is registered with. */
export interface RouteOptions {
  /**
   * The requests' database: the application role, every transaction confined to the request's
   * organisation by row-level security (server/db/tenantScope.ts).
   */
  db: Database
  /**
   * The owner's database, for work that must see every organisation and belongs to no request (the
   * change feed, redeeming an invitation before its organisation is known). Not for request data.
   */
  systemDb: Database
  config: AppConfig
}
