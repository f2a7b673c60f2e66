/**
 * How many changes wait to be sent in each of the user's organisations on this device. Each
 * organisation has its own local database, replicated only while the app works in it: changes made
 * offline in one stay there after switching to another, and are sent once the app is back in it. The
 * count of each is kept here (localStorage, per user, shared by the tabs), so that the sync pill of
 * the other organisation still tells of them (a walk read "all changes saved" meanwhile).
 */
import { useMemo, useSyncExternalStore } from 'react'
import type { Session } from './api.js'
import { useDataContext } from './dataContext.js'

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>
/** Changes kept in the local database of another of the user's organisations (not sent from this one). */
export interface WaitingElsewhere {
  organisationName: string
  count: number
}

/** Changes waiting per organisation id. */
export type WaitingRecord = Record<string, number>

const keyFor = (userId: string) => `uniservice.waiting.${userId}`
const defaultStorage = (): Storage | null => (typeof localStorage === 'undefined' ? null : localStorage)
const listeners = new Set<() => void>()

function parse(text: string | null | undefined): WaitingRecord {
  try {
    const record = JSON.parse(text ?? '{}') as unknown
    return record && typeof record === 'object' ? (record as WaitingRecord) : {}
  } catch {
    return {}
  }
}

/** Keeps the organisation's count of changes waiting (written only when it changed). */
export function noteWaitingChanges(
  userId: string,
  organisationId: string,
  count: number,
  storage = defaultStorage(),
): void {
  if (!storage) return
  const record = parse(storage.getItem(keyFor(userId)))
  if ((record[organisationId] ?? 0) === count) return
  if (count > 0) record[organisationId] = count
  else delete record[organisationId]
  storage.setItem(keyFor(userId), JSON.stringify(record))
  for (const listener of listeners) listener()
}

/** Signing out deletes the user's local databases, and what waited in them. */
export function forgetWaitingChanges(userId: string, storage = defaultStorage()): void {
  storage?.removeItem(keyFor(userId))
}

/**
 * The changes waiting in the user's organisations other than the one the session works in, by name,
 * in the session's order (an organisation no longer listed is left out: its changes cannot be sent).
 */
export function waitingElsewhere(record: WaitingRecord, session: Session): WaitingElsewhere[] {
  return (session.organisations ?? [])
    .filter((o) => o.id !== session.organisationId && (record[o.id] ?? 0) > 0)
    .map((o) => ({ organisationName: o.name, count: record[o.id] ?? 0 }))
}

/**
 * The question before signing out when changes wait on this device (null when none do): sign-out
 * deletes the local database of every listed organisation, so it counts them all, `here` being the
 * current one's. Where some wait in another organisation, it names each place: the pill of the current
 * one reads "all changes saved" for its own, so a count alone would not say what is lost.
 */
export function signOutQuestion(
  here: WaitingElsewhere,
  elsewhere: readonly WaitingElsewhere[],
): string | null {
  const places = [here, ...elsewhere].filter((p) => p.count > 0)
  const total = places.reduce((sum, p) => sum + p.count, 0)
  if (total === 0) return null
  const unsynced = `${total} unsynced ${total === 1 ? 'change' : 'changes'}`
  if (elsewhere.every((p) => p.count === 0)) return `${unsynced} will be lost. Sign out?`
  if (places.length === 1) return `${unsynced} in ${places[0]?.organisationName} will be lost. Sign out?`
  const where = places.map((p) => `${p.count} in ${p.organisationName}`).join(', ')
  return `${unsynced} will be lost (${where}). Sign out?`
}

/** The current organisation's name in the session's list ("this organisation" if not listed). */
export function currentOrganisationName(session: Session): string {
  return session.organisations?.find((o) => o.id === session.organisationId)?.name ?? 'this organisation'
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange)
  // Another tab wrote it.
  window.addEventListener('storage', onChange)
  return () => {
    listeners.delete(onChange)
    window.removeEventListener('storage', onChange)
  }
}

/** The changes waiting in the signed-in user's other organisations on this device, kept up to date. */
export function useWaitingElsewhere(): WaitingElsewhere[] {
  const { session } = useDataContext()
  const text = useSyncExternalStore(
    subscribe,
    () => defaultStorage()?.getItem(keyFor(session.user.id)) ?? null,
  )
  return useMemo(() => waitingElsewhere(parse(text), session), [text, session])
}
