/**
 * Seat tags: how a slot document says which bookings its counter includes without naming them, so
 * that every viewer of a slot gets the same document (issue 15: shared documents must be the same
 * bytes for everyone, which `heldBy`, the ids a viewer could see, made impossible).
 *
 * A booking's tag is the first 12 hex digits (48 bits) of SHA-256 of its id. A device knows the ids
 * of its own bookings from the moment it writes them (the id is made on the device), so it can tell
 * whether a slot document's counter already includes one of them even before the server's answer
 * about that booking arrives (the order in which a booking's confirmation and its slot's new counter
 * reach a device is free). Nobody can go from a tag back to an id: a customer learns from a slot only
 * how many seats are taken, as the counter already says. Why not "the booking records the slot
 * revision that counted it": a booking the device wrote but has not heard back about has no such
 * revision yet, and a slot document that already counts it would then count it twice.
 *
 * The server computes the same tag in SQL (server/replication/slotDocuments.ts); a test pulls a slot
 * and compares (test/integration/replicationPush.test.ts).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { z } from 'zod'

export const SEAT_TAG_LENGTH = 12

export const SeatTag = z.string().regex(/^[0-9a-f]{12}$/, 'expected a seat tag (12 hex digits)')

/** The tag of a booking id. */
export function seatTag(bookingId: string): string {
  return bytesToHex(sha256(utf8ToBytes(bookingId))).slice(0, SEAT_TAG_LENGTH)
}

/** The same tag in SQL, for the booking id expression `idSql` (PostgreSQL's built-in sha256). */
export function seatTagSql(idSql: string): string {
  return `left(encode(sha256(convert_to(${idSql}::text, 'UTF8')), 'hex'), ${SEAT_TAG_LENGTH})`
}
