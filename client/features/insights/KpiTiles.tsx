import type { Insights } from '../../../shared/insightsSchemas.js'
import { headlineFigures } from './headlineFigures.js'

/**
 * Headline figures of the period with their change from the previous period of equal length; a
 * period still being booked (`upcoming`) shows none (headlineFigures).
 */
export function KpiTiles({ insights, upcoming }: { insights: Insights; upcoming: boolean }) {
  return (
    <dl className="tiles insights-tiles" aria-label="This period compared with the previous one">
      {headlineFigures(insights, upcoming).map((tile) => {
        const falling = tile.delta?.startsWith('−') ?? false
        const good = tile.delta === null || tile.delta.startsWith('±') ? null : falling !== tile.goodWhenUp
        return (
          <div key={tile.label} className="tile">
            <dt>{tile.label}</dt>
            <dd>
              {tile.value}
              {tile.delta && (
                <span
                  className={`delta${good === null ? '' : good ? ' delta--good' : ' delta--bad'}`}
                  title={tile.deltaTitle}
                >
                  {tile.delta}
                </span>
              )}
            </dd>
            {tile.note && <dd className="tile__note">{tile.note}</dd>}
          </div>
        )
      })}
    </dl>
  )
}
