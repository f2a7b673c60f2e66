/** The services a provider offers (what a slot is for). */
import { randomUUID } from 'node:crypto'
import type { Service } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'

interface ServiceRow {
  id: string
  provider_id: string
  name: string
  duration_minutes: number
  default_capacity: number
}

function serviceFromRow(row: ServiceRow): Service {
  return {
    id: row.id,
    providerId: row.provider_id,
    name: row.name,
    durationMinutes: row.duration_minutes,
    defaultCapacity: row.default_capacity,
  }
}

export async function insertService(
  tx: Queryable,
  providerId: string,
  service: { id?: string; name: string; durationMinutes: number; defaultCapacity?: number },
): Promise<Service> {
  const { rows } = await tx.query<ServiceRow>(
    `INSERT INTO services (id, provider_id, name, duration_minutes, default_capacity) VALUES ($1, $2, $3, $4, $5)
     RETURNING id, provider_id, name, duration_minutes, default_capacity`,
    [
      service.id ?? randomUUID(),
      providerId,
      service.name,
      service.durationMinutes,
      service.defaultCapacity ?? 1,
    ],
  )
  return serviceFromRow(rows[0] as ServiceRow)
}

export async function listServices(tx: Queryable, providerId?: string): Promise<Service[]> {
  const { rows } = await tx.query<ServiceRow>(
    `SELECT id, provider_id, name, duration_minutes, default_capacity FROM services
     WHERE $1::uuid IS NULL OR provider_id = $1 ORDER BY name, id`,
    [providerId ?? null],
  )
  return rows.map(serviceFromRow)
}
