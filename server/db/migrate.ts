import { readFile, readdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Database } from './database.js'

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))
/** Any constant: serialises migrations when several server processes start on one database. */
const MIGRATION_LOCK = 7_240_001

/**
 * Applies every migrations/NNN_*.sql not yet recorded, in order, each in its own transaction; with
 * `until` (a file name), only those up to and including it.
 */
export async function migrate(db: Database, until?: string): Promise<string[]> {
  await db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  )
  const files = (await readdir(MIGRATIONS_DIR))
    .filter((f) => /^\d+_.*\.sql$/.test(f) && (until === undefined || f <= until))
    .sort()
  if (until !== undefined && !files.includes(until)) throw new Error(`no migration ${until}`)
  const applied: string[] = []
  for (const file of files) {
    const sql = await readFile(MIGRATIONS_DIR + file, 'utf8')
    const didApply = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [file])
      if (done.rowCount > 0) return false
      for (const statement of splitStatements(sql)) await tx.query(statement)
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file])
      return true
    })
    if (didApply) applied.push(file)
  }
  return applied
}

/** Splits a script on semicolons outside $$-quoted bodies (extended protocol takes one statement). */
function splitStatements(sql: string): string[] {
  const statements: string[] = []
  let current = ''
  let inDollar = false
  for (const line of sql.split('\n')) {
    if (line.trimStart().startsWith('--')) continue
    current += `${line}\n`
    if ((line.match(/\$\$/g) ?? []).length % 2 === 1) inDollar = !inDollar
    if (!inDollar && line.trimEnd().endsWith(';')) {
      statements.push(current.trim())
      current = ''
    }
  }
  if (current.trim()) statements.push(current.trim())
  return statements
}
