import type { ReactNode } from 'react'
import type { SlotView } from '../data/index.js'
import { formatLongDateTime, formatTime } from './calendarTime.js'

/** What a slot is, with whom and when, as the dialogs about one slot show it; `children` adds rows. */
export function SlotSummary({
  slot,
  zone,
  children,
}: {
  slot: SlotView
  zone: string
  children?: ReactNode
}) {
  return (
    <dl className="summary">
      <dt>Service</dt>
      <dd>{slot.serviceName}</dd>
      <dt>With</dt>
      <dd>{slot.providerName}</dd>
      <dt>When</dt>
      <dd>
        {formatLongDateTime(slot.startTime, zone)}–{formatTime(slot.endTime, zone)}
      </dd>
      {children}
    </dl>
  )
}
