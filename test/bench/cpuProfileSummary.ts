/**
 * A V8 .cpuprofile (node --cpu-prof) summed up: where the busy time went, by module and by function
 * (self and inclusive), counted from the first sample inside `from` (default bookSeat: the server's
 * start-up, module loading, is left out) and without idle time.
 * `npx tsx test/bench/cpuProfileSummary.ts <dir> [from]` prints the newest main-thread profile of `dir`.
 */
import { readFile, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** The largest profile of the newest process in `dir` (tsx's loader thread writes a small one too). */
async function newestMainProfile(dir: string): Promise<string | undefined> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile')).sort()
  const pid = files.at(-1)?.split('.')[3]
  const sized = await Promise.all(
    files
      .filter((f) => f.split('.')[3] === pid)
      .map(async (f) => ({ f, size: (await stat(path.join(dir, f))).size })),
  )
  return sized.sort((a, b) => b.size - a.size)[0]?.f
}

function where(frame: ProfileNode['callFrame']): string {
  return frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|shared|test)\//, '$1/')
}

function moduleOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame
  if (!url) return `(${functionName})`
  if (url.includes('node_modules/')) {
    const parts = (url.split('node_modules/').at(-1) ?? '').split('/')
    return parts.slice(0, parts[0]?.startsWith('@') ? 2 : 1).join('/')
  }
  if (url.startsWith('node:')) return url
  return where(frame).split('/').slice(0, 2).join('/')
}

export async function printProfile(dir: string, from = 'bookSeat'): Promise<void> {
  const file = await newestMainProfile(dir)
  if (!file) return console.log(`no .cpuprofile in ${dir}`)
  const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as Profile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const stackOf = (id: number): ProfileNode[] => {
    const stack: ProfileNode[] = []
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)
      if (node) stack.push(node)
    }
    return stack
  }
  const selfByFunction = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const byModule = new Map<string, number>()
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v)
  let started = false
  let busy = 0
  let idle = 0
  profile.samples.forEach((id, i) => {
    const stack = stackOf(id)
    started ||= stack.some((n) => n.callFrame.functionName === from)
    const node = stack[0]
    const dt = profile.timeDeltas[i] ?? 0
    if (!started || !node) return
    if (node.callFrame.functionName === '(idle)') {
      idle += dt
      return
    }
    busy += dt
    const name = (n: ProfileNode) =>
      `${n.callFrame.functionName || '(anonymous)'} ${where(n.callFrame)}:${n.callFrame.lineNumber + 1}`
    add(selfByFunction, name(node), dt)
    add(byModule, moduleOf(node.callFrame), dt)
    for (const fn of new Set(stack.map(name))) add(inclusive, fn, dt)
  })
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((v / busy) * 100).toFixed(1).padStart(5)} %  ${k}`)
      .join('\n')
  console.log(
    `\nserver profile ${file}, from the first sample in ${from}: busy ${(busy / 1e6).toFixed(1)} s, idle ${(idle / 1e6).toFixed(1)} s (percent of busy)`,
  )
  console.log(`by module (self):\n${top(byModule, 25)}`)
  console.log(`by function (self):\n${top(selfByFunction, 45)}`)
  console.log(`by function (inclusive):\n${top(inclusive, Number(process.env.PROFILE_TOP ?? 60))}`)
}

if (process.argv[1] === fileURLToPath(import.meta.url))
  await printProfile(process.argv[2] ?? '.', process.argv[3])
