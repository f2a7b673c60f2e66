/**
 * The signed-in user's organisations as the server lists them now. The session keeps the list it got
 * at sign-in (for offline reloads); an organisation created or joined since then must reach the
 * switcher without a new sign-in, so the app reads the list again when it opens and after a change.
 */
import { useEffect, useRef } from 'react'
import type { MyOrganisation } from '../../shared/organisations.js'
import { useDataContext } from './dataContext.js'
import { readMyOrganisations } from './session.js'

/** True when both lists name the same organisations, names and roles, in the same order. */
export function sameOrganisations(
  a: readonly MyOrganisation[] | undefined,
  b: readonly MyOrganisation[] | undefined,
): boolean {
  if (!a || !b) return a === b
  return (
    a.length === b.length &&
    a.every((o, i) => o.id === b[i]?.id && o.name === b[i]?.name && o.role === b[i]?.role)
  )
}

/**
 * Reads the user's organisations once the signed-in app opens (online; offline the stored list
 * stays) and hands them on when they differ from the session's.
 */
export function useOrganisationsRefresh(
  known: readonly MyOrganisation[] | undefined,
  onOrganisations: (organisations: MyOrganisation[]) => void,
): void {
  const { api } = useDataContext()
  const latest = useRef({ known, onOrganisations })
  latest.current = { known, onOrganisations }
  useEffect(() => {
    let live = true
    readMyOrganisations(api).then(
      (organisations) => {
        if (live && !sameOrganisations(organisations, latest.current.known)) {
          latest.current.onOrganisations(organisations)
        }
      },
      () => {},
    )
    return () => {
      live = false
    }
  }, [api])
}
