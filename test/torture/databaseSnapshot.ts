/**
 * A fingerprint of every table (row count and an md5 over the rows in a stable order), to prove
 * that a storm of requests changed nothing at all, down to timestamps and change ids. The one trace a
 * refused replication push leaves on purpose, its audit record (`*.change_refused`, issue 16), is
 * left out: the change itself must leave nothing.
 */
import type { Queryable } from '../../server/db/database.js'

const REFUSAL_RECORDS_LEFT_OUT = " WHERE t.action NOT LIKE '%.change_refused'"

export type DatabaseSnapshot = Record<string, { rows: number; md5: string | null }>

export async function snapshotDatabase(db: Queryable): Promise<DatabaseSnapshot> {
  const { rows: tables } = await db.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
  )
  const snapshot: DatabaseSnapshot = {}
  for (const { name } of tables) {
    // Table names come from the catalogue, not from input; quoted as identifiers all the same.
    const { rows } = await db.query<{ rows: string | number; md5: string | null }>(
      `SELECT count(*) AS rows, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS md5 FROM "${name.replace(/"/g, '""')}" t${name === 'audit_log' ? REFUSAL_RECORDS_LEFT_OUT : ''}`,
    )
    snapshot[name] = { rows: Number(rows[0]?.rows ?? 0), md5: rows[0]?.md5 ?? null }
  }
  return snapshot
}
