/**
 * The demo accounts the sign-in screen offers (GET /api/demo-credentials, public; empty unless the
 * demo data set is loaded). Online only; the screen works without it.
 */
import type { Role } from '../../shared/schemas.js'
import { serverApi } from './serverApi.js'

export interface DemoCredential {
  email: string
  password: string
  name: string
  role: Role
  /** Administers an organisation (older servers leave it out). */
  admin?: boolean
}

export async function fetchDemoCredentials(): Promise<DemoCredential[]> {
  const { accounts } = await serverApi({ baseUrl: '' }).get<{ accounts: DemoCredential[] }>(
    '/api/demo-credentials',
  )
  return accounts
}
