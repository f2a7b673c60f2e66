/**
 * The provider's insights screen, loaded on demand (React.lazy in the shell) so its charts add
 * nothing to the first load. Figures come from the server; the charts are hand-written SVG/CSS.
 */
import { useMemo, useState } from 'react'
import { formatPrice } from '../../../shared/currencies.js'
import { type Insights, InsightsQuery } from '../../../shared/insightsSchemas.js'
import type { Route } from '../../app/route.js'
import { type InsightsPeriod, useInsights, useInsightsCsv } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { Failure, Loading } from '../../ui/DataState.js'
import { saveTextFile } from '../../ui/saveTextFile.js'
import { BreakdownBars } from './BreakdownBars.js'
import { DailyComparisonChart } from './DailyComparisonChart.js'
import { DemandHeatmap } from './DemandHeatmap.js'
import { KpiTiles } from './KpiTiles.js'
import { PeriodPicker } from './PeriodPicker.js'
import {
  SESSION_DAY_NOTE,
  comparisonWords,
  defaultPeriod,
  periodPresets,
  stillBeingBooked,
} from './periods.js'
import { serviceAwaitingWords } from './pendingWords.js'
import { RevenueTable } from './RevenueTable.js'
import { UtilisationCard } from './UtilisationCard.js'
import './insights.css'

/** The period the URL names, when it is one the server answers for (else the page's default). */
function routePeriod(route: Route): InsightsPeriod | null {
  const parsed = InsightsQuery.safeParse({ from: route.from, to: route.to })
  return parsed.success ? parsed.data : null
}

/** Whether the figures on screen are the period's (while another loads, the last ones stay, dimmed). */
function shownFor(data: Insights | null, period: InsightsPeriod): data is Insights {
  return data !== null && data.current.from === period.from && data.current.to === period.to
}

/** "8 bookings · €80.00 booked · €80.00 awaiting you": accepted money, then the requests' apart. */
function topServiceWords(s: Insights['topServices'][number]): string {
  const awaiting = serviceAwaitingWords(s.revenuePending, s.currency)
  const booked = `${s.bookings} ${s.bookings === 1 ? 'booking' : 'bookings'} · ${formatPrice(s.revenueBooked, s.currency)} booked`
  return awaiting ? `${booked} · ${awaiting}` : booked
}

export default function InsightsPage({
  route,
  navigate,
  providerId,
  providerTimeZone,
}: {
  /** Holds the period (?from=&to=), so Back, Forward and a reload show the one chosen. */
  route: Route
  navigate: (route: Route) => void
  providerId: string
  providerTimeZone: string
}) {
  const presets = useMemo(() => periodPresets(new Date(), providerTimeZone), [providerTimeZone])
  const period = routePeriod(route) ?? defaultPeriod(presets)
  const upcoming = stillBeingBooked(period, new Date(), providerTimeZone)
  const setPeriod = (next: InsightsPeriod) => navigate({ ...route, from: next.from, to: next.to })
  const insights = useInsights(providerId, period)
  const downloadCsv = useInsightsCsv()
  const announce = useAnnounce()
  const [exportError, setExportError] = useState<string | null>(null)

  async function exportCsv() {
    setExportError(null)
    try {
      saveTextFile(
        `bookings-${period.from}-to-${period.to}.csv`,
        await downloadCsv(providerId, period),
        'text/csv',
      )
      announce('The bookings of this period were downloaded as CSV.')
    } catch (cause) {
      setExportError(cause instanceof Error ? cause.message : 'The export failed.')
    }
  }

  const data = insights.data
  return (
    <section className="page insights" aria-labelledby="insights-title" data-testid="insights">
      <div className="page__header">
        <h1 id="insights-title">Insights</h1>
        <button type="button" className="button" onClick={exportCsv} data-testid="insights-csv">
          Export CSV
        </button>
      </div>
      <PeriodPicker
        key={`${period.from}/${period.to}`}
        period={period}
        presets={presets}
        onChange={setPeriod}
      />
      <p className="muted insights__period" data-testid="insights-period">
        {comparisonWords(period, shownFor(data, period) ? data.previous : null, providerTimeZone, upcoming)}
      </p>
      <p className="muted insights__period" data-testid="insights-session-day">
        {SESSION_DAY_NOTE}
      </p>
      {exportError && <Failure message={exportError} />}
      {insights.error ? (
        <Failure message={insights.error} />
      ) : !data ? (
        <Loading label="Computing insights…" />
      ) : (
        <div
          className={`insights__grid${insights.loading ? ' insights__grid--stale' : ''}`}
          data-testid="insights-ready"
        >
          <KpiTiles insights={data} upcoming={upcoming} />
          <DailyComparisonChart
            from={data.current.from}
            current={data.daily.current}
            previous={data.daily.previous}
          />
          <DemandHeatmap cells={data.heatmap} timeZone={data.timeZone} />
          <UtilisationCard utilisation={data.current.utilisation} />
          <BreakdownBars
            title="Time from booking to start"
            rows={data.leadTime.map((b) => ({ label: b.bucket, value: b.bookings }))}
            testId="insights-lead-time"
          />
          <BreakdownBars
            title="Top services"
            note="Bookings count the cancelled ones too; the amount booked does not, nor the requests awaiting you."
            rows={data.topServices.map((s) => ({
              label: `${s.rank}. ${s.name}`,
              value: s.bookings,
              display: topServiceWords(s),
            }))}
            testId="insights-top-services"
          />
          <RevenueTable current={data.current} previous={data.previous} />
          <BreakdownBars
            title="Outcomes"
            rows={[
              { label: 'Completed', value: data.current.completed },
              { label: 'Cancelled by customers', value: data.current.cancellations.byCustomer },
              { label: 'Cancelled by you', value: data.current.cancellations.byProvider },
              { label: 'Declined by you', value: data.current.declines },
              { label: 'Refused (full or closed)', value: data.current.rejected },
              { label: 'Waitlist promotions', value: data.current.waitlistPromotions },
            ]}
            testId="insights-outcomes"
          />
        </div>
      )}
    </section>
  )
}
