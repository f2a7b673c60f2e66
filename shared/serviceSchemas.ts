/** What a provider sends to create or change one of their services (see Service in schemas.ts). */
import { z } from 'zod'
import { isCurrencyCode } from './currencies.js'
import { Capacity, requiredName, withoutControlCharacters } from './schemas.js'

const ServiceName = requiredName(120)
/** A text area: line breaks and tabs allowed. */
const ServiceDescription = withoutControlCharacters(z.string().max(2000), { multiLine: true })
/** Minor units; the ceiling keeps every sum of 100,000s of bookings exact in a JS number. */
export const PriceMinor = z.number().int().min(0).max(100_000_000)
export const Currency = z
  .string()
  .refine(isCurrencyCode, { message: 'unknown currency: expected an ISO 4217 code such as EUR' })
const Duration = z
  .number()
  .int()
  .min(5)
  .max(24 * 60)

export const CreateServiceBody = z
  .object({
    name: ServiceName,
    description: ServiceDescription.default(''),
    durationMinutes: Duration,
    defaultCapacity: Capacity.default(1),
    priceMinor: PriceMinor,
    currency: Currency,
  })
  .strict()
export type CreateServiceBody = z.infer<typeof CreateServiceBody>

export const UpdateServiceBody = z
  .object({
    name: ServiceName.optional(),
    description: ServiceDescription.optional(),
    durationMinutes: Duration.optional(),
    defaultCapacity: Capacity.optional(),
    priceMinor: PriceMinor.optional(),
    currency: Currency.optional(),
  })
  .strict()
  .refine((body) => Object.values(body).some((v) => v !== undefined), { message: 'nothing to change' })
export type UpdateServiceBody = z.infer<typeof UpdateServiceBody>
