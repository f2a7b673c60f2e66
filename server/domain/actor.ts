import type { Role } from '../../shared/schemas.js'

/** Who performs a domain operation: the signed-in user, as the auth plugin resolved them. */
export interface Actor {
  userId: string
  role: Role
}
