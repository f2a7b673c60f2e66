import { DomainError, ErrorCode, errorMessages } from '../../shared/errors.js'

/** A link the server will never accept again: used, expired, revoked, or not a link it issued. */
export interface DeadInvitation {
  /** The server's words (e.g. "This invitation link has already been used."). */
  message: string
  /** What the person can do instead. */
  advice: string
}

const deadCodes: ReadonlySet<string> = new Set([
  ErrorCode.INVITATION_USED,
  ErrorCode.INVITATION_EXPIRED,
  ErrorCode.INVITATION_INVALID,
  ErrorCode.INVITATION_REVOKED,
])

/**
 * The refusal of a link that signing up through can never succeed, or null for anything else (no
 * connection, a server error): then the sign-up form stays, to be tried again.
 */
export function deadInvitation(cause: unknown): DeadInvitation | null {
  if (!(cause instanceof DomainError) || !deadCodes.has(cause.code)) return null
  return deadLink(cause.message)
}

/** A link too damaged to hold a token (not asked of the server): the words of an unknown link. */
export const unreadableInvitation: DeadInvitation = deadLink(errorMessages.INVITATION_INVALID)

function deadLink(message: string): DeadInvitation {
  return {
    message,
    advice:
      'Ask the organisation’s admin for a new invitation link. If you already have an account, sign in.',
  }
}
