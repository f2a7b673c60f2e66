/** What <DataProvider> gives the hooks: the open database, its replication and the session. */
import { createContext, useContext } from 'react'
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
  replication: ClientReplication | null
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
