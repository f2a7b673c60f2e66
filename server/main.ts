/** Entry point: read config, open and migrate the database, seed the demo on an empty one, listen. */
import { mkdir } from 'node:fs/promises'
import { buildApp } from './app.js'
import { readConfig } from './config.js'
import { openDatabase } from './db/openDatabase.js'
import { requestLogOptions } from './http/requestLog.js'
import { deleteExpiredSessions } from './domain/sessions.js'
import { DEMO_ACCOUNTS, seedDemoData } from './seed/demoData.js'

const config = readConfig()
if (!config.DATABASE_URL) await mkdir(config.PGLITE_DATA_DIR, { recursive: true })
const db = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDataDir: config.PGLITE_DATA_DIR })
const app = await buildApp({ db, config, logger: requestLogOptions(config.LOG_LEVEL) })

app.log.info({ removed: await deleteExpiredSessions(db) }, 'expired sessions removed')
if (config.SEED_DEMO && (await seedDemoData(db))) {
  app.log.info({ accounts: DEMO_ACCOUNTS.map((a) => a.email) }, 'seeded demo data')
}

const shutdown = async (signal: string) => {
  app.log.info({ signal }, 'shutting down')
  await app.close()
  await db.close()
  process.exit(0)
}
process.once('SIGINT', () => void shutdown('SIGINT'))
process.once('SIGTERM', () => void shutdown('SIGTERM'))

await app.listen({ port: config.PORT, host: config.HOST })
const base = `http://${config.HOST}:${config.PORT}`
const lines = ['', `UniService Bookings on ${base}  (API docs: ${base}/docs)  database: ${db.kind}`]
if (config.SEED_DEMO) {
  lines.push('Demo accounts (organisation: role):')
  for (const a of DEMO_ACCOUNTS) {
    const where = a.memberships.map((m) => `${m.organisation}: ${m.role}`).join(', ')
    lines.push(`  ${a.email.padEnd(18)} ${a.password}   ${a.name}  [${where}]`)
  }
}
process.stdout.write(`${lines.join('\n')}\n\n`)
