/**
 * The one permission rule of services and insights: a provider manages their own services and reads
 * their own insights; nobody else does either. Kept apart so it can move into the policy module
 * as it is (an organisation admin across its providers would be added here once tenancy exists).
 */
import type { Role } from './schemas.js'

export function mayManageProviderData(actor: { userId: string; role: Role }, providerId: string): boolean {
  return actor.role === 'provider' && actor.userId === providerId
}
