/**
 * A provider creating and changing their own services. A price change affects only bookings made
 * after it: each booking keeps the price recorded when it was inserted (migration 009).
 */
import { randomUUID } from 'node:crypto'
import { ErrorCode, type Outcome, accepted, refused } from '../../shared/errors.js'
import { mayManageProviderData } from '../../shared/policy.js'
import type { Service } from '../../shared/schemas.js'
import type { CreateServiceBody, UpdateServiceBody } from '../../shared/serviceSchemas.js'
import type { Queryable } from '../db/database.js'
import type { Actor } from './actor.js'
import { insertService, SERVICE_COLUMNS, type ServiceRow, serviceFromRow } from './services.js'

const NOT_YOURS = 'Providers manage only their own services.'

export async function createOwnService(
  tx: Queryable,
  actor: Actor,
  body: CreateServiceBody,
): Promise<Outcome<Service>> {
  if (!mayManageProviderData(actor, actor.userId)) return refused(ErrorCode.FORBIDDEN, undefined, NOT_YOURS)
  return accepted(await insertService(tx, actor.userId, { id: randomUUID(), ...body }))
}

export async function updateOwnService(
  tx: Queryable,
  actor: Actor,
  serviceId: string,
  body: UpdateServiceBody,
): Promise<Outcome<Service>> {
  const owner = await tx.query<{ provider_id: string }>('SELECT provider_id FROM services WHERE id = $1', [
    serviceId,
  ])
  const providerId = owner.rows[0]?.provider_id
  if (providerId === undefined)
    return refused(ErrorCode.NOT_FOUND, { serviceId }, 'That service does not exist.')
  if (!mayManageProviderData(actor, providerId)) return refused(ErrorCode.FORBIDDEN, { serviceId }, NOT_YOURS)
  // coalesce: a field left out of the body keeps its value.
  const { rows } = await tx.query<ServiceRow>(
    `UPDATE services SET
       name = coalesce($2, name),
       description = coalesce($3, description),
       duration_minutes = coalesce($4, duration_minutes),
       default_capacity = coalesce($5, default_capacity),
       price_minor = coalesce($6, price_minor),
       currency = coalesce($7, currency)
     WHERE id = $1
     RETURNING ${SERVICE_COLUMNS}`,
    [
      serviceId,
      body.name ?? null,
      body.description ?? null,
      body.durationMinutes ?? null,
      body.defaultCapacity ?? null,
      body.priceMinor ?? null,
      body.currency ?? null,
    ],
  )
  return accepted(serviceFromRow(rows[0] as ServiceRow))
}
