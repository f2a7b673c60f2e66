/**
 * A provider's insights and their CSV export. Online only: the figures are aggregated by the
 * server over data a device does not hold (every booking of every period).
 */
import { useEffect, useMemo, useState } from 'react'
import type { Insights } from '../../shared/insightsSchemas.js'
import type { Loadable } from './api.js'
import { useDataContext } from './dataContext.js'
import { failureText } from './serverApi.js'

export interface InsightsPeriod {
  /** First and last day (yyyy-MM-dd) in the provider's time zone. */
  from: string
  to: string
}

const insightsPath = (providerId: string, period: InsightsPeriod, csv = false) =>
  `/api/providers/${encodeURIComponent(providerId)}/insights${csv ? '.csv' : ''}?${new URLSearchParams({
    from: period.from,
    to: period.to,
  })}`

export function useInsights(providerId: string, period: InsightsPeriod): Loadable<Insights | null> {
  const { api } = useDataContext()
  const [state, setState] = useState<Loadable<Insights | null>>({ data: null, loading: true, error: null })
  const { from, to } = period
  useEffect(() => {
    let live = true
    setState((s) => ({ ...s, loading: true, error: null }))
    api.get<Insights>(insightsPath(providerId, { from, to })).then(
      (data) => live && setState({ data, loading: false, error: null }),
      (e: unknown) => live && setState({ data: null, loading: false, error: failureText(e, 'Insights') }),
    )
    return () => {
      live = false
    }
  }, [api, providerId, from, to])
  return state
}

/** The CSV text of the bookings behind a period's insights. */
export function useInsightsCsv(): (providerId: string, period: InsightsPeriod) => Promise<string> {
  const { api } = useDataContext()
  return useMemo(() => (providerId, period) => api.getText(insightsPath(providerId, period, true)), [api])
}
