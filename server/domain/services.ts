/** The services a provider offers (what a slot is for), with their price and slot defaults. */
import { randomUUID } from 'node:crypto'
import type { Service } from '../../shared/schemas.js'
import type { Queryable } from '../db/database.js'

export const SERVICE_COLUMNS =
  'id, provider_id, name, duration_minutes, description, price_minor, currency, default_capacity'

export interface ServiceRow {
  id: string
  provider_id: string
  name: string
  duration_minutes: number
  description: string
  /** bigint: pg returns it as a string */
  price_minor: string | number
  currency: string
  default_capacity: number
}

export function serviceFromRow(row: ServiceRow): Service {
  return {
    id: row.id,
    providerId: row.provider_id,
    name: row.name,
    durationMinutes: row.duration_minutes,
    description: row.description,
    priceMinor: Number(row.price_minor),
    currency: row.currency,
    defaultCapacity: row.default_capacity,
  }
}

export interface NewService {
  id?: string
  name: string
  durationMinutes: number
  description?: string
  priceMinor?: number
  currency?: string
  defaultCapacity?: number
}

/** Inserts a service as given (seeds and fixtures; the provider's own requests go through serviceManagement.ts). */
export async function insertService(
  tx: Queryable,
  providerId: string,
  service: NewService,
): Promise<Service> {
  const { rows } = await tx.query<ServiceRow>(
    `INSERT INTO services (id, provider_id, name, duration_minutes, description, price_minor, currency, default_capacity)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     RETURNING ${SERVICE_COLUMNS}`,
    [
      service.id ?? randomUUID(),
      providerId,
      service.name,
      service.durationMinutes,
      service.description ?? '',
      service.priceMinor ?? 0,
      service.currency ?? 'EUR',
      service.defaultCapacity ?? 1,
    ],
  )
  return serviceFromRow(rows[0] as ServiceRow)
}

export async function listServices(tx: Queryable, providerId?: string): Promise<Service[]> {
  const { rows } = await tx.query<ServiceRow>(
    `SELECT ${SERVICE_COLUMNS} FROM services
     WHERE $1::uuid IS NULL OR provider_id = $1 ORDER BY name, id`,
    [providerId ?? null],
  )
  return rows.map(serviceFromRow)
}
