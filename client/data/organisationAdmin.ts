/**
 * An organisation admin's screen data (online only, like services): the members, the audit trail,
 * invitation links and new organisations. Read again from the server after every change.
 */
import { useCallback, useEffect, useState } from 'react'
import type {
  IssuedInvitation,
  Member,
  NewOrganisationBody,
  Organisation,
} from '../../shared/organisations.js'
import type { MembershipRole } from '../../shared/schemas.js'
import type { Loadable } from './api.js'
import { useDataContext } from './dataContext.js'

export interface AuditLine {
  id: number
  actorId: string | null
  action: string
  entityType: 'slot' | 'booking'
  entityId: string
  /** The booking or slot as it was before and after (null where there was none). */
  before: unknown
  after: unknown
  at: string
}

export interface OrganisationAdmin {
  members: Loadable<Member[]>
  audit: Loadable<AuditLine[]>
  invite(role: MembershipRole): Promise<IssuedInvitation>
  createOrganisation(body: NewOrganisationBody): Promise<Organisation>
}

function useServerList<T>(path: string, version: number): Loadable<T[]> {
  const { api } = useDataContext()
  const [state, setState] = useState<Loadable<T[]>>({ data: [], loading: true, error: null })
  useEffect(() => {
    let live = true
    void version
    api.get<T[]>(path).then(
      (data) => live && setState({ data, loading: false, error: null }),
      (e: unknown) =>
        live && setState({ data: [], loading: false, error: e instanceof Error ? e.message : String(e) }),
    )
    return () => {
      live = false
    }
  }, [api, path, version])
  return state
}

export function useOrganisationAdmin(): OrganisationAdmin {
  const { api } = useDataContext()
  const [version, setVersion] = useState(0)
  const members = useServerList<Member>('/api/organisation/members', version)
  const audit = useServerList<AuditLine>('/api/organisation/audit?limit=100', version)
  const invite = useCallback(
    async (role: MembershipRole) => {
      const issued = await api.post<IssuedInvitation>('/api/organisation/invitations', { role })
      setVersion((v) => v + 1)
      return issued
    },
    [api],
  )
  const createOrganisation = useCallback(
    (body: NewOrganisationBody) => api.post<Organisation>('/api/organisations', body),
    [api],
  )
  return { members, audit, invite, createOrganisation }
}
