/**
 * Whether this session's first pull of a collection has finished: until then an empty local copy says
 * nothing about the server's (right after sign-in the bookings are still arriving), so a screen says it
 * is fetching them rather than "none".
 */
import { useEffect, useState } from 'react'
import { from, map, of, switchMap } from 'rxjs'
import { useDataContext } from './dataContext.js'
import type { ClientReplication } from './replication.js'

export function useFirstPullDone(collection: keyof ClientReplication['states']): boolean {
  const { replication$ } = useDataContext()
  const [done, setDone] = useState(false)
  useEffect(() => {
    const subscription = replication$
      .pipe(
        switchMap((replication) =>
          replication
            ? from(replication.states[collection].awaitInitialReplication()).pipe(map(() => true))
            : of(false),
        ),
      )
      // A replication stopped before its first pull (sign-out) leaves the answer at not done.
      .subscribe({ next: setDone, error: () => setDone(false) })
    return () => subscription.unsubscribe()
  }, [replication$, collection])
  return done
}
