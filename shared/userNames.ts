/**
 * The one limit on a person's name, without zod so the sign-up screen's chunk can use it: the profile
 * (shared/schemas.ts UpdateProfileBody) and the invitation sign-up (shared/organisations.ts
 * AcceptInvitationBody) check it on the server, and both forms give their name field this maxLength.
 * Sign-up allowed 200 while the profile allowed 100, so a long name could never be saved again.
 */
export const USER_NAME_MAX_LENGTH = 100
