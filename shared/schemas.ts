/**
 * The domain's shapes, as zod schemas; types are inferred from them (no hand-written twins).
 * Used by the server to validate requests and by the client for RxDB schemas and forms.
 */
import { z } from 'zod'
import { hasControlCharacter, hasTextDirectionControl } from './controlCharacters.js'
import { ErrorCode, RejectionReason } from './errors.js'
import { BLANK_PASSWORD, NEW_PASSWORD_MAX_LENGTH, NEW_PASSWORD_MIN_LENGTH } from './passwords.js'
import { MAX_SLOT_MINUTES } from './slotLimits.js'
import { USER_NAME_MAX_LENGTH } from './userNames.js'
import { hasVisibleContent } from './visibleText.js'

export const Id = z.uuid()
/** The nil and the max UUID: valid UUIDs, but no random generator makes them (a placeholder or a bug). */
const RESERVED_UUIDS: ReadonlySet<string> = new Set([
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
])
/**
 * The id of a thing the client creates (a booking, a series, a waitlist entry, a pushed document):
 * any UUID but the nil and the max one. An id naming an existing thing stays an Id.
 */
export const NewId = Id.refine(
  (id) => !RESERVED_UUIDS.has(id.toLowerCase()),
  'must not be the nil or the max UUID (generate a random one)',
)
/**
 * The ISO form allows year 0000, which PostgreSQL (like the Gregorian calendar) does not have: 1 BC
 * comes right before 1 AD. Refused here, so such a value is the client's mistake (400), never the
 * database's error (500).
 */
const notYearZero = (value: string) => !value.startsWith('0000-')
const YEAR_ZERO = 'year 0000 does not exist (1 BC comes right before 1 AD)'
export const IsoInstant = z.iso.datetime({ offset: true }).refine(notYearZero, YEAR_ZERO)
export const IsoDate = z.iso.date().refine(notYearZero, YEAR_ZERO)
/**
 * Refuses control characters (C0 including NUL, DEL, C1) in text a user types: PostgreSQL text cannot
 * hold NUL (a 500 otherwise), and the others only hide text or smuggle line breaks into logs.
 * `multiLine` keeps tab and line breaks, for text areas.
 */
export function withoutControlCharacters(text: z.ZodString, options: { multiLine?: boolean } = {}) {
  const allowed = options.multiLine ? LINE_CHARACTERS : ''
  return text.refine((value) => !hasControlCharacter(value, allowed), 'must not contain control characters')
}

/** What a text area keeps: tab and line breaks. */
export const LINE_CHARACTERS = '\t\n\r'

export { hasControlCharacter, hasVisibleContent }

/**
 * Refuses bidi embedding, override and isolate controls (shared/controlCharacters.ts) in a single-line
 * name other people are shown, where they would make it read as something else ("Trojan Source").
 * Multi-line text (notes, reasons) keeps them: a right-to-left writer may need them there.
 */
export function withoutTextDirectionControls(text: z.ZodString) {
  return text.refine(
    (value) => !hasTextDirectionControl(value),
    'must not contain text-direction control characters',
  )
}

/** Trimmed; one of only invisible characters (shared/visibleText.ts) becomes '', as blank as it reads. */
const blankWhenInvisible = (value: string) => (hasVisibleContent(value) ? value.trim() : '')

/**
 * A required single-line name other people are shown (a person's, an organisation's, a service's):
 * trimmed, and one made only of invisible characters refused exactly as a blank one is (the same
 * too_small issue); no control characters, no text-direction controls.
 */
export function requiredName(maxLength: number) {
  return withoutTextDirectionControls(
    withoutControlCharacters(z.string().overwrite(blankWhenInvisible).min(1).max(maxLength)),
  )
}

/** A person's name (signing up, the profile). */
export const UserName = requiredName(USER_NAME_MAX_LENGTH)

/** Free text a user types (a text area: line breaks allowed). */
export const BookingNotes = withoutControlCharacters(z.string().max(500), { multiLine: true })

/** A provider's reason for cancelling or declining, as sent (a text area, like the notes). */
export const StatusReason = withoutControlCharacters(z.string().max(500), { multiLine: true })

export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm')

export const Role = z.enum(['provider', 'customer'])
export type Role = z.infer<typeof Role>

/** A user's role in one organisation (shared/policy.ts says what each may do). */
export const MembershipRole = z.enum(['admin', 'provider', 'customer'])
export type MembershipRole = z.infer<typeof MembershipRole>

/**
 * The one definition of the booking statuses; every other list (the seat-holding ones, the ones a
 * user may set, the SQL lists in server/domain/bookingRows.ts) is derived from it.
 */
export const BookingStatus = z.enum(['PENDING', 'CONFIRMED', 'CANCELLED', 'COMPLETED', 'REJECTED'])
export type BookingStatus = z.infer<typeof BookingStatus>

/** Statuses that hold a seat: the slot's counter counts exactly these (invariant 1, docs/INVARIANTS.md). */
export const ActiveStatus = BookingStatus.extract(['PENDING', 'CONFIRMED'])
export type ActiveStatus = z.infer<typeof ActiveStatus>
export const ACTIVE_STATUSES: readonly BookingStatus[] = ActiveStatus.options

/** Statuses a user may ask for (PENDING and REJECTED are the server's to set). */
export const SettableStatus = BookingStatus.extract(['CONFIRMED', 'CANCELLED', 'COMPLETED'])
export type SettableStatus = z.infer<typeof SettableStatus>
export const SETTABLE_STATUSES: readonly BookingStatus[] = SettableStatus.options
export function isSettableStatus(status: BookingStatus): status is SettableStatus {
  return SETTABLE_STATUSES.includes(status)
}

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
  rejectionReason: z
    .enum(Object.values(RejectionReason) as [RejectionReason, ...RejectionReason[]])
    .nullable(),
  notes: BookingNotes,
  reference: z.string().meta({
    readOnly: true,
    description:
      "A short human reference such as UNI-7K3Q2M, set by the server ('' until it has the booking).",
  }),
  /**
   * Why the provider cancelled or declined it, for the customer; absent when no reason was given. As
   * stored: what is sent is checked by StatusReason, and a reason stored before that refused control
   * characters must still be answered (a stricter answer schema would make listing it a 500).
   */
  statusReason: z.string().max(500).nullish(),
  declined: z.boolean().meta({
    readOnly: true,
    description:
      'True when the provider declined the request: cancelled it while it was PENDING. Set by the server.',
  }),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
})
export type Booking = z.infer<typeof Booking>

/** An IANA time zone this runtime knows ("Europe/Berlin"); anything else is refused. */
export const TimeZoneName = z
  .string()
  .min(1)
  .max(64)
  .refine(isKnownTimeZone, 'must be an IANA time zone such as Europe/Berlin')

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** A phone number as people write it: digits, spaces, "+", "-", "(", ")", "/" and ".". */
export const PhoneNumber = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ()./-]{3,40}$/, 'must be a phone number such as +49 30 1234567')

export const User = z.object({
  id: Id,
  email: z.email(),
  name: z.string(),
  role: Role,
  /** The provider's business zone (slots are entered and shown in it). */
  timeZone: z.string(),
  /** Shown to the provider of the user's bookings. */
  phone: z.string().nullable().optional(),
  /** The zone a customer chose to read times in; null: the device's zone. */
  displayTimeZone: z.string().nullable().optional(),
})
export type User = z.infer<typeof User>

export const Service = z.object({
  id: Id,
  providerId: Id,
  name: z.string(),
  durationMinutes: z.number().int(),
  description: z.string(),
  /** The price in the currency's minor unit (cents for EUR), so no rounding ever happens. */
  priceMinor: z.number().int().min(0),
  /** ISO 4217, one of shared/currencies.ts */
  currency: z.string(),
  /** The capacity a new slot of this service starts with. */
  defaultCapacity: z.number().int(),
})
export type Service = z.infer<typeof Service>

// ---- passwords ----

/**
 * A password being set (signing up; any route that changes one must use it too): the rule of
 * shared/passwords.ts (newPasswordProblem, which the forms use), as the server's schema. Sign-in's
 * SignInBody checks an existing password as before, so an older account keeps signing in.
 */
export const NewPassword = withoutControlCharacters(
  z.string().min(NEW_PASSWORD_MIN_LENGTH).max(NEW_PASSWORD_MAX_LENGTH),
).refine((value) => value.trim() !== '', BLANK_PASSWORD)

// ---- request payloads ----

export const SignInBody = z
  .object({
    email: z.email().max(254),
    password: withoutControlCharacters(z.string().min(1).max(200)),
  })
  .strict()
/** What a user may change in their profile; a field left out stays as it is, null clears it. */
export const UpdateProfileBody = z
  .object({
    name: UserName.optional(),
    phone: PhoneNumber.nullable().optional(),
    timeZone: TimeZoneName.optional(),
    displayTimeZone: TimeZoneName.nullable().optional(),
  })
  .strict()
export type UpdateProfileBody = z.infer<typeof UpdateProfileBody>

/** How the provider of a booking reaches its customer. */
export const CustomerContact = z.object({
  name: z.string(),
  email: z.email(),
  phone: z.string().nullable(),
})
export type CustomerContact = z.infer<typeof CustomerContact>

export const SessionResponse = z.object({ token: z.string(), expiresAt: IsoInstant, user: User })

export const CreateBookingBody = z.object({
  /** Client-generated id: the idempotency key. The server generates one when absent. */
  id: NewId.optional(),
  slotId: Id,
  notes: BookingNotes.default(''),
})
export type CreateBookingBody = z.infer<typeof CreateBookingBody>

// Strict: a field the server does not know (`statusReason` for `reason`) is refused with its name,
// never dropped in silence.
export const UpdateBookingBody = z
  .object({
    status: SettableStatus,
    /** A provider's reason for cancelling or declining, shown to the customer (required of a provider). */
    reason: StatusReason.optional(),
  })
  .strict()
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

/** A slot's length in whole minutes: five minutes to a day (the slot forms' and a weekly pattern's rule). */
export const SlotDurationMinutes = z.number().int().min(5).max(MAX_SLOT_MINUTES)

/**
 * Strict, as the slot change is: an unknown field is 400 naming it, not dropped. `blocked: true` sent
 * by a client that believed it made a blocked slot published a bookable one (an API walk).
 */
export const CreateSlotBody = z
  .object({
    serviceId: Id,
    startTime: IsoInstant,
    endTime: IsoInstant,
    maxBookings: Capacity,
  })
  .strict()
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
    durationMinutes: SlotDurationMinutes,
    maxBookings: Capacity,
  })
  .strict()
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
