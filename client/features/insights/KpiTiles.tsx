import type { Insights } from '../../../shared/insightsSchemas.js'
import { headlineFigures } from './headlineFigures.js'

/** Headline figures of the period with their change from the previous period of equal length. */
export function KpiTiles({ insights }: { insights: Insights }) {
  return (
    <dl className="tiles insights-tiles" aria-label="This period compared with the previous one">
      {headlineFigures(insights).map((tile) => {
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
