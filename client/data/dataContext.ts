/** What <DataProvider> gives the hooks: the open database, its replication and the session. */
import { createContext, useContext } from 'react'
import type { BehaviorSubject } from 'rxjs'
import type { Session } from './api.js'
import type { ClientDatabase } from './database.js'
import type { RejectionFeed } from './rejections.js'
import type { ClientReplication } from './replication.js'
import type { ServerApi } from './serverApi.js'

export interface DataContextValue {
  session: Session
  api: ServerApi
  /** null while the database opens. */
  db: ClientDatabase | null
  /**
   * The database's replication: null until it starts, a moment after the first render. The same
   * subject for as long as the database is open, so starting replication changes no context value:
   * the week's queries are not rebuilt and the app is not rendered again for it (issue 14).
   */
  replication$: BehaviorSubject<ClientReplication | null>
  rejections: RejectionFeed | null
  /** Opening the database failed (e.g. IndexedDB unavailable in a private window). */
  error: string | null
}

export const DataContext = createContext<DataContextValue | null>(null)

export function useDataContext(): DataContextValue {
  const value = useContext(DataContext)
  if (!value) throw new Error('client/data hooks must be used inside <DataProvider>')
  return value
}
