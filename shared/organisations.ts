/**
 * Organisations (issue 9): the unit of isolation. Schemas of the organisation API and the header a
 * request names its organisation with; shared by the server's routes and the client.
 */
import { z } from 'zod'
import {
  Id,
  IsoInstant,
  MembershipRole,
  NewPassword,
  TimeZoneName,
  UserName,
  requiredName,
} from './schemas.js'

/** The request header that names the organisation a request works in (optional: see the OpenAPI text). */
export const ORGANISATION_HEADER = 'x-organisation-id'

/** GET /api/organisation/audit's answer header: how many entries are older than the page's last. */
export const OLDER_ENTRIES_HEADER = 'x-older-entries'
/**
 * GET /api/organisation/audit's answer header: how many rows of the trail, as the organisation page
 * shows it (continuesAuditRow), start among the entries older than the page's last; an older entry
 * that goes on the last one's row is not counted.
 */
export const OLDER_ROWS_HEADER = 'x-older-rows'

/**
 * Whether `next`, the entry after `previous` in the trail's order (newest first), reads on the same
 * row of the trail: a weekly pattern writes one `slot.created` entry per slot in one statement (one
 * member, one moment), and they read as one row. The server counts rows by the same rule, in SQL
 * (organisationAudit in server/domain/organisations.ts).
 */
export function continuesAuditRow(
  previous: { action: string; actorId: string | null; at: string },
  next: { action: string; actorId: string | null; at: string },
): boolean {
  return (
    previous.action === 'slot.created' &&
    next.action === previous.action &&
    next.actorId === previous.actorId &&
    next.at === previous.at
  )
}

export const OrganisationSlug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes, starting with a letter or digit')

export const Organisation = z.object({ id: Id, name: z.string(), slug: z.string() })
export type Organisation = z.infer<typeof Organisation>

/** One of the caller's organisations, with the caller's role there. */
export const MyOrganisation = Organisation.extend({ role: MembershipRole })
export type MyOrganisation = z.infer<typeof MyOrganisation>

export const NewOrganisationBody = z
  .object({
    name: requiredName(200),
    slug: OrganisationSlug,
  })
  .strict()
export type NewOrganisationBody = z.infer<typeof NewOrganisationBody>

export const Member = z.object({
  userId: Id,
  name: z.string(),
  email: z.string(),
  role: MembershipRole,
  since: IsoInstant,
})
export type Member = z.infer<typeof Member>

export const NewInvitationBody = z
  .object({
    role: MembershipRole,
    /** How long the link stays valid. */
    validDays: z.number().int().min(1).max(30).default(7),
  })
  .strict()
export type NewInvitationBody = z.infer<typeof NewInvitationBody>

/** The invitation link, shown once to the admin who made it (only its hash is stored). */
export const IssuedInvitation = z.object({
  /** Names it in the list of open invitations (to revoke it); not the link. */
  id: Id,
  url: z.string(),
  token: z.string(),
  role: MembershipRole,
  expiresAt: IsoInstant,
})
export type IssuedInvitation = z.infer<typeof IssuedInvitation>

export const InvitationToken = z.string().min(20).max(100)

/** What the sign-up page shows before the person accepts. */
export const InvitationPreview = z.object({
  organisation: Organisation,
  role: MembershipRole,
  expiresAt: IsoInstant,
})
export type InvitationPreview = z.infer<typeof InvitationPreview>

/** Accepting an invitation: a new account (name, email, password); a signed-in user redeems instead. */
export const AcceptInvitationBody = z.object({
  token: InvitationToken,
  name: UserName,
  email: z.email().max(254),
  password: NewPassword,
  /**
   * The device's IANA zone, which the account starts with (a provider's business zone). The app always
   * sends it; left out, the account takes the zone of the admin who made the invitation.
   */
  timeZone: TimeZoneName.optional(),
})
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBody>

/**
 * Redeeming an invitation as a signed-in user (someone who has an account already): only the token;
 * the user joins the invitation's organisation with its role (answered as a MyOrganisation).
 */
export const RedeemInvitationBody = z.object({ token: InvitationToken })
export type RedeemInvitationBody = z.infer<typeof RedeemInvitationBody>

/**
 * An invitation still open (not used, revoked or expired), as the organisation page lists it: who
 * made it, for which role, until when. Never its token or link: those are shown only when it is made.
 */
export const PendingInvitation = z.object({
  id: Id,
  role: MembershipRole,
  createdBy: z.object({ userId: Id, name: z.string() }),
  createdAt: IsoInstant,
  expiresAt: IsoInstant,
})
export type PendingInvitation = z.infer<typeof PendingInvitation>

/** An invitation named in a path (revoking it). */
export const InvitationParams = z.object({ id: Id })

/** A member named in a path (changing their role, removing them). */
export const MemberParams = z.object({ userId: Id })

/** A member's new role in the organisation. */
export const MemberRoleBody = z.object({ role: MembershipRole }).strict()
export type MemberRoleBody = z.infer<typeof MemberRoleBody>

/** What a removal or revocation answers: whom or what it concerned. */
export const RemovedMember = z.object({ userId: Id })
export const RevokedInvitation = z.object({ id: Id })

/** Why a member cannot be removed or moved between customer and provider yet (MEMBER_HAS_UPCOMING_WORK's details). */
export const UpcomingWork = z.object({
  /** Upcoming slots they provide (not deleted). */
  upcomingSlots: z.number().int(),
  /** Upcoming active bookings they are a party of (as customer, or on their slots). */
  upcomingBookings: z.number().int(),
})
export type UpcomingWork = z.infer<typeof UpcomingWork>
