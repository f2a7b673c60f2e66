/**
 * The toast of a change the customer made on this device (a cancel, a move, a waitlist join), told
 * the way a single booking is (useRequestedBookingToasts.ts): a local write is not the server's
 * answer. Online, the toast says the change is being sent, then what the server answered; with no
 * answer within ANSWER_WAIT_MS (the server unreachable though the browser is online: navigator.onLine
 * cannot tell) it says the change is saved on this device and sent when the server can be reached;
 * offline, that it is sent when back online. Whenever the answer comes later, the toast says it then.
 */
import { useCallback, useMemo } from 'react'
import { isActive } from '../../../shared/availability.js'
import { type BookingView, useServerAnswers } from '../../data/index.js'
import { useAnnounce, useWithdrawAnnouncement } from '../../ui/Announcer.js'
import { formatLongDateTime } from '../../ui/calendarTime.js'
import { ANSWER_WAIT_MS } from '../slots/useRequestedBookingToasts.js'
import {
  type WaitingStanding,
  cancelledWords,
  joinedWaitlistWords,
  leftWaitlistWords,
  movedWords,
} from './actionWords.js'
import { notCancelledWords, notMovedWords } from './rejectionText.js'

export interface ToldChange {
  /** The toast's key: each later toast of the change replaces the one before under it. */
  key: string
  /** The words while the server's answer is not in. */
  waiting: (standing: WaitingStanding) => string
  /** The words of the server's answer (done or refused); undefined when none is to be told. */
  outcome: Promise<string | ToldNews | undefined>
  /** Resolves true once what the outcome said no longer stands: its toast is withdrawn then. */
  overtaken?: Promise<boolean>
}

/**
 * An answer that is news the customer must not miss (a move or a cancel refused): shown longer, under a
 * key of its own, so that putting away what the change's toast said (MyBookingsPage) does not put it
 * away. The change's own toast ("saved on this device…") is withdrawn: it no longer says where the
 * change stands.
 */
export interface ToldNews {
  words: string
  key: string
}

const NO_ANSWER_YET = Symbol('no answer yet')

function noAnswerWithin(ms: number): Promise<typeof NO_ANSWER_YET> {
  return new Promise((resolve) => window.setTimeout(() => resolve(NO_ANSWER_YET), ms))
}

interface Toasts {
  announce: ReturnType<typeof useAnnounce>
  withdraw: ReturnType<typeof useWithdrawAnnouncement>
}

/** Runs on after the component that made the change is gone (a dialog closes): the announcer is the app's. */
async function tell(
  { key, waiting, outcome, overtaken }: ToldChange,
  { announce, withdraw }: Toasts,
): Promise<void> {
  const online = navigator.onLine
  announce(waiting(online ? 'sending' : 'offline'), key)
  let answer = await Promise.race([outcome, noAnswerWithin(ANSWER_WAIT_MS)])
  if (answer === NO_ANSWER_YET) {
    if (online) announce(waiting('unanswered'), key)
    answer = await outcome
  }
  if (typeof answer === 'string') announce(answer, key)
  else if (answer !== undefined) {
    withdraw(key)
    announce(answer.words, answer.key, { lasting: true })
  }
  if (await overtaken) withdraw(key)
}

/** Tells a change made on this device: call it once the local write is done. */
export function useChangeToast(): (change: ToldChange) => void {
  const announce = useAnnounce()
  const withdraw = useWithdrawAnnouncement()
  return useCallback(
    (change: ToldChange) => {
      tell(change, { announce, withdraw }).catch(() => {
        // The answer's document could not be read (the database closed): nothing more to tell.
      })
    },
    [announce, withdraw],
  )
}

/** The key of the toast that told a move was not made, with its reason. */
function notMovedToastKey(bookingId: string): string {
  return `not-moved:${bookingId}`
}

/** The key of the toast that told a cancel was not made, and where the booking stands. */
function notCancelledToastKey(bookingId: string): string {
  return `not-cancelled:${bookingId}`
}

/** The key of the toast that announced a move, withdrawn if the server does not make it. */
export function movedToastKey(bookingId: string): string {
  return `moved:${bookingId}`
}

export interface CustomerChangeToasts {
  /** `booking` as cancelled (at the time it had); `zone` names a time it was moved to meanwhile. */
  cancelled(booking: Pick<BookingView, 'id' | 'slotId'>, zone: string): void
  /** `when`: the new time in words. */
  moved(bookingId: string, slotId: string, when: string): void
  joinedWaitlist(entryId: string): void
  leftWaitlist(entryId: string): void
}

/** The toasts of a customer's cancel, move and waitlist join, each told by the server's answer. */
export function useCustomerChangeToasts(): CustomerChangeToasts {
  const tellChange = useChangeToast()
  const answers = useServerAnswers()
  return useMemo(
    () => ({
      cancelled({ id, slotId }, zone) {
        tellChange({
          key: `cancelled:${id}`,
          waiting: cancelledWords,
          // Moved to another time meanwhile (another device, the provider), the server does not make a
          // cancel of the old time (STALE_BASE): the customer must learn it still stands, and where.
          outcome: answers.booking(id).then((b) => {
            if (!b) return undefined
            if (b.status === 'CANCELLED') return cancelledWords('done')
            if (b.slotId === slotId) return cancelledWords('refused')
            const words = notCancelledWords(formatLongDateTime(b.startTime, zone), isActive(b.status))
            return { words: `${words.headline} ${words.detail}`, key: notCancelledToastKey(id) }
          }),
        })
      },
      moved(bookingId, slotId, when) {
        tellChange({
          key: movedToastKey(bookingId),
          waiting: (standing) => movedWords(when, standing),
          // Refused, the server lands the booking back on its old slot and a notification says why.
          outcome: answers.move(bookingId, slotId).then((answer) => {
            if (!answer) return undefined
            if (answer.moved) return movedWords(when, 'done')
            const words = notMovedWords(answer.reason, isActive(answer.booking.status), when)
            return { words: `${words.headline} ${words.detail}`, key: notMovedToastKey(bookingId) }
          }),
        })
      },
      joinedWaitlist(entryId) {
        const answer = answers.waitlistEntry(entryId)
        tellChange({
          key: `joined:${entryId}`,
          waiting: joinedWaitlistWords,
          outcome: answer.then(
            (e) =>
              e &&
              joinedWaitlistWords(
                e.status === 'WAITING' ? 'done' : e.status === 'BOOKED' ? 'booked' : 'refused',
              ),
          ),
          // "You joined the waitlist." no longer stands once the entry is promoted to a seat (its card
          // then says "You are booked"): a walk read both at once.
          overtaken: answer.then((e) => e?.status === 'WAITING' && answers.waitlistPromoted(entryId)),
        })
      },
      leftWaitlist(entryId) {
        tellChange({
          key: `left:${entryId}`,
          waiting: leftWaitlistWords,
          outcome: answers
            .waitlistEntry(entryId)
            .then(
              (e) =>
                e &&
                leftWaitlistWords(
                  e.status === 'LEFT' ? 'done' : e.status === 'BOOKED' ? 'booked' : 'refused',
                ),
            ),
        })
      },
    }),
    [tellChange, answers],
  )
}
