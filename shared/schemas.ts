/**
 * The domain's shapes, as zod schemas; types are inferred from them (no hand-written twins).
 * Used by the server to validate requests and by the client for RxDB schemas and forms.
 */
import { z } from 'zod'
import { ErrorCode, RejectionReason } from './errors.js'

export const Id = z.uuid()
export const IsoInstant = z.iso.datetime({ offset: true })
export const IsoDate = z.iso.date()
/** Free text a user types. PostgreSQL text cannot hold NUL, so it is refused here as a 400, not a 500. */
export const BookingNotes = z
  .string()
  .max(500)
  .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters')

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm')

export const Role = z.enum(['provider', 'customer'])
export type Role = z.infer<typeof Role>

export const BookingStatus = z.enum(['PENDING', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'REJECTED'])
export type BookingStatus = z.infer<typeof BookingStatus>

export const MAX_CAPACITY = 1000
export const Capacity = z.number().int().min(1).max(MAX_CAPACITY)

export const Slot = z.object({
  id: Id,
  providerId: Id,
  providerName: z.string(),
  serviceId: Id,
  serviceName: z.string(),
  startTime: IsoInstant,
  endTime: IsoInstant,
  maxBookings: Capacity,
  currentBookings: z.number().int().min(0),
  isBooked: z.boolean(),
  isAvailable: z.boolean(),
  blocked: z.boolean(),
  updatedAt: IsoInstant,
})
export type Slot = z.infer<typeof Slot>

export const Booking = z.object({
  id: Id,
  slotId: Id,
  providerId: Id,
  serviceId: Id,
  customerId: Id,
  customerName: z
    .string()
    .meta({ readOnly: true, description: "The customer's name, filled by the server from its users." }),
  startTime: IsoInstant,
  status: BookingStatus,
  rejectionReason: z.enum(Object.values(RejectionReason) as [RejectionReason, ...RejectionReason[]]).nullable(),
  notes: BookingNotes,
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
})
export type Booking = z.infer<typeof Booking>

export const User = z.object({
  id: Id,
  email: z.email(),
  name: z.string(),
  role: Role,
  timeZone: z.string(),
})
export type User = z.infer<typeof User>

export const Service = z.object({ id: Id, providerId: Id, name: z.string(), durationMinutes: z.number().int() })
export type Service = z.infer<typeof Service>

// ---- request payloads ----

export const SignInBody = z.object({ email: z.email().max(254), password: z.string().min(1).max(200) })
export const SessionResponse = z.object({ token: z.string(), expiresAt: IsoInstant, user: User })

export const CreateBookingBody = z.object({
  /** Client-generated id: the idempotency key. The server generates one when absent. */
  id: Id.optional(),
  slotId: Id,
  notes: BookingNotes.default(''),
})
export type CreateBookingBody = z.infer<typeof CreateBookingBody>

export const UpdateBookingBody = z.object({
  status: z.enum(['CONFIRMED', 'CANCELLED', 'COMPLETED']),
  /** Why (e.g. a provider declining): passed on in the customer's notification, not stored on the booking. */
  reason: BookingNotes.pipe(z.string().max(300)).optional(),
})
export type UpdateBookingBody = z.infer<typeof UpdateBookingBody>

export const ListBookingsQuery = z.object({
  slotId: Id.optional(),
  status: BookingStatus.optional(),
  from: IsoInstant.optional(),
  to: IsoInstant.optional(),
})

export const ListSlotsQuery = z.object({
  from: IsoInstant.optional(),
  to: IsoInstant.optional(),
  providerId: Id.optional(),
  serviceId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
})

export const CreateSlotBody = z
  .object({
    serviceId: Id,
    startTime: IsoInstant,
    endTime: IsoInstant,
    maxBookings: Capacity,
  })
  .refine((s) => Date.parse(s.endTime) > Date.parse(s.startTime), {
    message: 'endTime must be after startTime',
    path: ['endTime'],
  })
export type CreateSlotBody = z.infer<typeof CreateSlotBody>

/** A weekly pattern expanded in the provider's IANA time zone (DST-correct). */
export const CreateRecurringSlotsBody = z
  .object({
    serviceId: Id,
    fromDate: IsoDate,
    toDate: IsoDate,
    /** ISO weekdays: 1 = Monday ... 7 = Sunday */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    startTimes: z.array(TimeOfDay).min(1).max(48),
    durationMinutes: z.number().int().min(5).max(24 * 60),
    maxBookings: Capacity,
  })
  .refine((r) => r.toDate >= r.fromDate, { message: 'toDate must not be before fromDate', path: ['toDate'] })
  .refine((r) => Date.parse(r.toDate) - Date.parse(r.fromDate) <= 366 * 86_400_000, {
    message: 'a pattern spans at most one year',
    path: ['toDate'],
  })
export type CreateRecurringSlotsBody = z.infer<typeof CreateRecurringSlotsBody>

export const UpdateSlotBody = z
  .object({ maxBookings: Capacity.optional(), blocked: z.boolean().optional() })
  .strict()
  .refine((b) => b.maxBookings !== undefined || b.blocked !== undefined, { message: 'nothing to change' })
export type UpdateSlotBody = z.infer<typeof UpdateSlotBody>

export const StatsQuery = z.object({ from: IsoInstant.optional(), to: IsoInstant.optional() })

export const AvailabilityStats = z.object({
  slots: z.number().int(),
  capacity: z.number().int(),
  booked: z.number().int(),
  free: z.number().int(),
  /** booked / capacity, 0..1; 0 when there is no capacity */
  utilisation: z.number(),
})
export type AvailabilityStats = z.infer<typeof AvailabilityStats>

export const ErrorBody = z.object({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string(),
  details: z.unknown().optional(),
})
export type ErrorBody = z.infer<typeof ErrorBody>
