/**
 * An organisation admin's screen data (online only, like services): the members (their roles,
 * removing them), the audit trail, invitation links (made, the open ones listed, revoked) and new
 * organisations. Read again from the server after every change.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import type { AuditEntityType } from '../../shared/auditEntities.js'
import {
  type IssuedInvitation,
  type Member,
  type MyOrganisation,
  type NewOrganisationBody,
  OLDER_ENTRIES_HEADER,
  OLDER_ROWS_HEADER,
  type Organisation,
  type PendingInvitation,
  type UpcomingWork,
} from '../../shared/organisations.js'
import type { MembershipRole } from '../../shared/schemas.js'
import type { Loadable } from './api.js'
import { useDataContext } from './dataContext.js'
import { readMyOrganisations } from './session.js'

export interface AuditLine {
  id: number
  actorId: string | null
  action: string
  /**
   * Besides slots and bookings: an invitation (created, or used by the member who joined through
   * it), a webhook endpoint, an organisation created from this one.
   */
  entityType: AuditEntityType
  entityId: string
  /** The booking or slot as it was before and after (null where there was none). */
  before: unknown
  after: unknown
  at: string
  /**
   * The slot or booking as the server stores it now (null when it does not, e.g. a new slot it
   * refused): names an entry whose snapshot does not (a refused change records only what was tried).
   */
  subject?: AuditSubject | null
}

export interface AuditSubject {
  startTime: string
  /** A booking's reference; null for a slot. */
  reference: string | null
  serviceName: string | null
}

/** Entries read from the server at a time (the page shows fewer at once). */
export const AUDIT_FETCH = 100

/** The audit trail, read from the server a page at a time, newest first. */
export interface AuditTrail {
  /** The entries read so far. */
  entries: readonly AuditLine[]
  /** How many older entries the server holds beyond them. */
  older: number
  /** How many rows of the trail those older entries start (auditRows: a weekly pattern's slots are one). */
  olderRows: number
  loading: boolean
  /** Reading the first page failed. */
  error: string | null
  /** Reading the next older page: on its way, or why it failed. */
  loadingMore: boolean
  moreError: string | null
  /** Reads the next older page (nothing while one is on its way or when none is left). */
  loadMore(): void
}

export interface OrganisationAdmin {
  members: Loadable<Member[]>
  /** The invitations that may still be used (never their links: shown only when made). */
  invitations: Loadable<PendingInvitation[]>
  audit: AuditTrail
  invite(role: MembershipRole): Promise<IssuedInvitation>
  /** Its link stops working at once. */
  revokeInvitation(invitationId: string): Promise<void>
  changeRole(userId: string, role: MembershipRole): Promise<Member>
  /** Removes them from this organisation (their account stays). */
  removeMember(userId: string): Promise<void>
  /** Their upcoming slots and active bookings here: while there are any, a removal is refused. */
  upcomingWork(userId: string): Promise<UpcomingWork>
  /** Creates it (the caller becomes its admin) and answers the caller's organisations with it. */
  createOrganisation(body: NewOrganisationBody): Promise<CreatedOrganisation>
}

export interface CreatedOrganisation {
  organisation: Organisation
  /** The caller's organisations now, the new one included (the switcher's list). */
  organisations: MyOrganisation[]
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

interface TrailState {
  entries: AuditLine[]
  older: number
  olderRows: number
  loading: boolean
  error: string | null
  loadingMore: boolean
  moreError: string | null
}

const failure = (e: unknown) => (e instanceof Error ? e.message : String(e))

/** The first page of the trail (again at each `version`), and older pages on demand (`before` the last). */
function useAuditTrail(version: number): AuditTrail {
  const { api } = useDataContext()
  const [state, setState] = useState<TrailState>({
    entries: [],
    older: 0,
    olderRows: 0,
    loading: true,
    error: null,
    loadingMore: false,
    moreError: null,
  })
  // The read whose answer counts (a newer first page drops older answers), and the state it reads.
  const generation = useRef(0)
  const current = useRef(state)
  current.current = state
  const readPage = useCallback(
    async (before: number | null) => {
      const query = new URLSearchParams({ limit: String(AUDIT_FETCH) })
      if (before !== null) query.set('before', String(before))
      const { body, headers } = await api.getWithHeaders<AuditLine[]>(`/api/organisation/audit?${query}`)
      const older = Number(headers.get(OLDER_ENTRIES_HEADER)) || 0
      return { entries: body, older, olderRows: Number(headers.get(OLDER_ROWS_HEADER) ?? older) || 0 }
    },
    [api],
  )
  useEffect(() => {
    const mine = ++generation.current
    void version
    readPage(null).then(
      (page) =>
        mine === generation.current &&
        setState({ ...page, loading: false, error: null, loadingMore: false, moreError: null }),
      (e: unknown) =>
        mine === generation.current &&
        setState({
          entries: [],
          older: 0,
          olderRows: 0,
          loading: false,
          error: failure(e),
          loadingMore: false,
          moreError: null,
        }),
    )
  }, [readPage, version])
  const reading = useRef(false)
  const loadMore = useCallback(() => {
    const { entries, older, loading } = current.current
    const last = entries.at(-1)
    if (loading || reading.current || older === 0 || !last) return
    reading.current = true
    const mine = generation.current
    setState((s) => ({ ...s, loadingMore: true, moreError: null }))
    readPage(last.id)
      .then(
        (page) =>
          mine === generation.current &&
          setState((s) => ({
            ...s,
            entries: [...s.entries, ...page.entries],
            older: page.older,
            olderRows: page.olderRows,
            loadingMore: false,
          })),
        (e: unknown) =>
          mine === generation.current &&
          setState((s) => ({ ...s, loadingMore: false, moreError: failure(e) })),
      )
      .finally(() => {
        reading.current = false
      })
  }, [readPage])
  return { ...state, loadMore }
}

export function useOrganisationAdmin(known: readonly MyOrganisation[] = []): OrganisationAdmin {
  const { api } = useDataContext()
  const [version, setVersion] = useState(0)
  const members = useServerList<Member>('/api/organisation/members', version)
  const invitations = useServerList<PendingInvitation>('/api/organisation/invitations', version)
  const audit = useAuditTrail(version)
  /** Runs a change, then reads the lists and the trail again (also after a refusal: someone else may have acted). */
  const changing = useCallback(<T>(change: Promise<T>): Promise<T> => {
    return change.finally(() => setVersion((v) => v + 1))
  }, [])
  const revokeInvitation = useCallback(
    async (invitationId: string) => {
      await changing(api.delete(`/api/organisation/invitations/${encodeURIComponent(invitationId)}`))
    },
    [api, changing],
  )
  const changeRole = useCallback(
    (userId: string, role: MembershipRole) =>
      changing(api.patch<Member>(`/api/organisation/members/${encodeURIComponent(userId)}`, { role })),
    [api, changing],
  )
  const removeMember = useCallback(
    async (userId: string) => {
      await changing(api.delete(`/api/organisation/members/${encodeURIComponent(userId)}`))
    },
    [api, changing],
  )
  const upcomingWork = useCallback(
    (userId: string) =>
      api.get<UpcomingWork>(`/api/organisation/members/${encodeURIComponent(userId)}/upcoming-work`),
    [api],
  )
  const invite = useCallback(
    async (role: MembershipRole) => {
      const issued = await api.post<IssuedInvitation>('/api/organisation/invitations', { role })
      setVersion((v) => v + 1)
      return issued
    },
    [api],
  )
  const knownRef = useRef(known)
  knownRef.current = known
  const createOrganisation = useCallback(
    async (body: NewOrganisationBody): Promise<CreatedOrganisation> => {
      const organisation = await api.post<Organisation>('/api/organisations', body)
      setVersion((v) => v + 1)
      // Created either way; should the list not come, the creator is its admin (the server's rule).
      const organisations = await readMyOrganisations(api).catch(() => [
        ...knownRef.current,
        { ...organisation, role: 'admin' as const },
      ])
      return { organisation, organisations }
    },
    [api],
  )
  return {
    members,
    invitations,
    audit,
    invite,
    revokeInvitation,
    changeRole,
    removeMember,
    upcomingWork,
    createOrganisation,
  }
}
