/**
 * The change-feed figures alone (issue 15: 5a NOTIFY experiment, 5b fan-out), printed with their
 * targets; `npm run bench` runs them too. Needs real PostgreSQL (DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/test). BENCH_SCALE=quick runs 200 devices (FANOUT_DEVICES=n);
 * FEED_SKIP_NOTIFY=1 leaves out the NOTIFY experiment (5a).
 */
import { benchSize } from './benchSize.js'
import { measureFanOut } from './fanOut.js'
import { feedTargets, printFeed } from './feedReport.js'
import { measureNotifyCost } from './notifyExperiment.js'
import { textTable } from './textTable.js'

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const size = benchSize()
const notify = process.env.FEED_SKIP_NOTIFY ? null : await measureNotifyCost(size.notify)
const fanOut = await measureFanOut(size.fanOut)
const shared = await measureFanOut(size.fanOut, 'customers')
const figures = { notify, fanOut, shared }
printFeed(figures)
const targets = feedTargets(figures)
console.log(
  textTable(
    ['target', 'wanted', 'value', 'met'],
    targets.map((t) => [t.figure, t.target, t.value.toFixed(2), t.met ? 'yes' : 'NO']),
  ),
)
console.log(JSON.stringify(figures))
process.exit(0)
