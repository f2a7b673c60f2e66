/**
 * Bench-only server entry for PGlite: seeds the bench rows and serves in the same process life.
 * Why not server/main.ts over a pre-seeded directory: reopening a PGlite data directory re-runs
 * the migrations today (PGlite reports rowCount 0 for SELECTs, so migrate() never sees its own
 * record) and the server exits. Everything else is the real app: buildApp over the real config.
 */
import { buildApp } from '../../server/app.js'
import { readConfig } from '../../server/config.js'
import { openDatabase } from '../../server/db/openDatabase.js'
import { type BenchPlan, seedBenchData } from './benchFixtures.js'

const plan = JSON.parse(process.env.BENCH_PLAN ?? '') as BenchPlan
const config = readConfig()
const db = await openDatabase({ pgliteDataDir: config.PGLITE_DATA_DIR })
await seedBenchData(db, plan)
const app = await buildApp({ db, config, logger: { level: config.LOG_LEVEL } })
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => db.close())
      .then(() => process.exit(0)),
)
await app.listen({ port: config.PORT, host: config.HOST })
