/**
 * The refusal a request gets when the signed-in user is not (or no longer) a member of the
 * organisation it works in: 403 FORBIDDEN with `details.reason` = NOT_A_MEMBER, given in one place
 * (server/auth/authentication.ts). A device tells it from the other 403s (a rule refusing one
 * action) by this detail, and then reads the user's organisations again (client/app/lostMembership.ts).
 */
import { DomainError, ErrorCode } from './errors.js'

export const NOT_A_MEMBER = 'NOT_A_MEMBER'

export interface NotAMemberDetails {
  reason: typeof NOT_A_MEMBER
  /** The organisation the request named; null when it named none and the user belongs to none. */
  organisationId: string | null
}

export function notAMemberDetails(organisationId: string | null): NotAMemberDetails {
  return { reason: NOT_A_MEMBER, organisationId }
}

/** The refusal's words: the organisation named, or none when the user belongs to none. */
export function notAMemberMessage(organisationId: string | null): string {
  return organisationId === null
    ? 'You are not a member of any organisation.'
    : 'You are not a member of this organisation.'
}

/** Whether an error body's code and details say the user is no member of the organisation named. */
export function saysNotAMember(code: string, details: unknown): boolean {
  return (
    code === ErrorCode.FORBIDDEN &&
    typeof details === 'object' &&
    details !== null &&
    (details as { reason?: unknown }).reason === NOT_A_MEMBER
  )
}

export function isNotAMember(error: unknown): boolean {
  return error instanceof DomainError && saysNotAMember(error.code, error.details)
}
