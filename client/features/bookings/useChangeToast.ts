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
import { useServerAnswers } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { ANSWER_WAIT_MS } from '../slots/useRequestedBookingToasts.js'
import {
  type WaitingStanding,
  cancelledWords,
  joinedWaitlistWords,
  leftWaitlistWords,
  movedWords,
} from './actionWords.js'
import { notMovedWords } from './rejectionText.js'

export interface ToldChange {
  /** The toast's key: each later toast of the change replaces the one before under it. */
  key: string
  /** The words while the server's answer is not in. */
  waiting: (standing: WaitingStanding) => string
  /** The words of the server's answer (done or refused); undefined when none is to be told. */
  outcome: Promise<string | ToldNews | undefined>
}

/**
 * An answer that is news the customer must not miss (a move refused): shown longer, under a key of its
 * own, so that putting away what the change's toast said (MyBookingsPage) does not put it away.
 */
export interface ToldNews {
  words: string
  key: string
}

const NO_ANSWER_YET = Symbol('no answer yet')

function noAnswerWithin(ms: number): Promise<typeof NO_ANSWER_YET> {
  return new Promise((resolve) => window.setTimeout(() => resolve(NO_ANSWER_YET), ms))
}

type Announce = ReturnType<typeof useAnnounce>

/** Runs on after the component that made the change is gone (a dialog closes): the announcer is the app's. */
async function tell({ key, waiting, outcome }: ToldChange, announce: Announce): Promise<void> {
  const online = navigator.onLine
  announce(waiting(online ? 'sending' : 'offline'), key)
  let answer = await Promise.race([outcome, noAnswerWithin(ANSWER_WAIT_MS)])
  if (answer === NO_ANSWER_YET) {
    if (online) announce(waiting('unanswered'), key)
    answer = await outcome
  }
  if (typeof answer === 'string') announce(answer, key)
  else if (answer !== undefined) announce(answer.words, answer.key, { lasting: true })
}

/** Tells a change made on this device: call it once the local write is done. */
export function useChangeToast(): (change: ToldChange) => void {
  const announce = useAnnounce()
  return useCallback(
    (change: ToldChange) => {
      tell(change, announce).catch(() => {
        // The answer's document could not be read (the database closed): nothing more to tell.
      })
    },
    [announce],
  )
}

/** The key of the toast that told a move was not made, with its reason. */
function notMovedToastKey(bookingId: string): string {
  return `not-moved:${bookingId}`
}

/** The key of the toast that announced a move, withdrawn if the server does not make it. */
export function movedToastKey(bookingId: string): string {
  return `moved:${bookingId}`
}

export interface CustomerChangeToasts {
  cancelled(bookingId: string): void
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
      cancelled(bookingId) {
        tellChange({
          key: `cancelled:${bookingId}`,
          waiting: cancelledWords,
          outcome: answers
            .booking(bookingId)
            .then((b) => b && cancelledWords(b.status === 'CANCELLED' ? 'done' : 'refused')),
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
        tellChange({
          key: `joined:${entryId}`,
          waiting: joinedWaitlistWords,
          outcome: answers
            .waitlistEntry(entryId)
            .then(
              (e) =>
                e &&
                joinedWaitlistWords(
                  e.status === 'WAITING' ? 'done' : e.status === 'BOOKED' ? 'booked' : 'refused',
                ),
            ),
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
