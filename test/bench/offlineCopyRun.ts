/**
 * Just the Chromium sign-in figures of `npm run bench` (issue 13 goal 2): the first week on screen and
 * the offline copy stored, 10,000 slots in the database, median of 5 runs:
 *
 *   npx tsx test/bench/offlineCopyRun.ts [runs] [--timeline] [--profile=<dir>] [--builds=<dirA>,<dirB>]
 *
 * --timeline prints each run's requests and long tasks in ms from the click; --profile writes each
 * run's CPU profile; --builds interleaves client builds (e.g. two buildClientOnce() directories) run
 * by run on the same server and data, `runs` per build, and reports each build's figures.
 */
import os from 'node:os'
import { benchSize } from './benchSize.js'
import { type Spread, spread } from './stats.js'
import { measureWeekRender } from './weekRender.js'

process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test'
const args = process.argv.slice(2)
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3)
const runs = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 5)
const builds = option('builds')?.split(',')
const load = () => os.loadavg()[0]?.toFixed(2)

const loadBefore = load()
const figures = await measureWeekRender(benchSize().initialSlots, runs * (builds?.length ?? 1), {
  timeline: args.includes('--timeline'),
  profileDir: option('profile'),
  builds,
})
for (const [run, page] of (figures.timelines ?? []).entries()) {
  console.log(`\nrun ${run + 1}: week ${page.weekMs.toFixed(0)} ms, stored ${page.storedMs.toFixed(0)} ms`)
  for (const request of page.requests)
    console.log(
      `  ${request.start.toFixed(0).padStart(5)}-${request.end.toFixed(0).padEnd(5)} ${String(request.bytes).padStart(8)} B  ${request.url.slice(0, 110)}`,
    )
  // Lines a temporarily instrumented build logs as "[trace] <performance.now()> ...": times from the click.
  for (const line of page.traces ?? [])
    console.log(
      `  ${line.replace(/(\[trace\] |from )(\d+)/g, (_, word, at) => `${word}${Math.round(Number(at) - page.clickedAt)}`)}`,
    )
  for (const task of page.longTasks)
    console.log(`  long task at ${task.start.toFixed(0)}: ${task.ms.toFixed(0)} ms`)
}
const fmt = (s: Spread) =>
  `${s.median.toFixed(2)} (${s.min.toFixed(2)}-${s.max.toFixed(2)}) runs ${s.runs.map((r) => r.toFixed(2)).join(' ')}`
const every = (list: number[], build: number, of: number) => list.filter((_, i) => i % of === build)
console.log(
  `\n${figures.slots} slots, week of ${figures.cardsInWeek} cards, stored copy ${figures.storedSlots} slots`,
)
for (const [index, build] of (builds ?? ['current sources']).entries()) {
  const of = builds?.length ?? 1
  console.log(`${build}:`)
  console.log(`  week on screen (s): ${fmt(spread(every(figures.seconds.runs, index, of)))}`)
  if (figures.storedSeconds)
    console.log(`  offline copy stored (s): ${fmt(spread(every(figures.storedSeconds.runs, index, of)))}`)
}
console.log(`load (1 min) ${loadBefore} -> ${load()}`)
process.exit(0)
