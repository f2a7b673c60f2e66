import { lazy, Suspense, useState } from 'react'
import type { SlotView } from '../../data/index.js'
import { Loading } from '../../ui/DataState.js'
import { Dialog } from '../../ui/Dialog.js'

/** The month grid and its date library load only when someone opens it. */
const MonthOverview = lazy(() => import('./MonthOverview.js'))

interface PickDateButtonProps {
  zone: string
  now: Date
  shownWeekStart: Date
  matches: (slot: SlotView) => boolean
  onPick: (day: string) => void
}

/** "Pick a date": a month overview in a dialog; choosing a day shows its week. */
export function PickDateButton({ onPick, ...overview }: PickDateButtonProps) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <button
        type="button"
        className="button button--ghost"
        onClick={() => setOpen(true)}
        data-testid="pick-date"
      >
        Pick a date
      </button>
      {open && (
        <Dialog open title="Pick a date" onClose={() => setOpen(false)} testId="pick-date-dialog">
          <Suspense fallback={<Loading label="Loading the month…" />}>
            <MonthOverview
              {...overview}
              onPick={(day) => {
                setOpen(false)
                onPick(day)
              }}
            />
          </Suspense>
        </Dialog>
      )}
    </>
  )
}
