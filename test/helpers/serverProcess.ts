/**
 * The real server as a child process (`node --import tsx server/main.ts`), so a test can
 * SIGKILL it mid-load and start it again on the same port and database. Spawned straight from
 * node (not via npx) so the pid we kill is the server itself, not a wrapper.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { randomUUID } from 'node:crypto'
import { testServerEnv } from './testSettings.js'

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))
const READY_TIMEOUT_MS = 120_000
/** Last lines of the server's output, shown when it fails to start. */
const OUTPUT_TAIL = 40

export interface ServerProcessOptions {
  /** Server environment (DATABASE_URL or PGLITE_DATA_DIR, SEED_DEMO, ...). PORT/HOST are set here. */
  env: Record<string, string>
  /** Fixed port (a restart reuses it); a free one is picked when absent. */
  port?: number
  /** Entry module relative to the repository root; default server/main.ts. */
  entry?: string
  /**
   * A process without HTTP (e.g. server/webhookWorker.ts) is ready once it writes this line on
   * stdout; absent, ready means answering /api/health.
   */
  readyLine?: string
  /** Extra options for node itself (e.g. --cpu-prof, which NODE_OPTIONS may not carry). */
  nodeArgs?: string[]
}

export interface ServerProcess {
  readonly url: string
  readonly port: number
  pid(): number
  /** SIGKILL: no graceful shutdown, no flush. Resolves when the process is gone. */
  crash(): Promise<void>
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>
  /** Starts a fresh process on the same port and environment; resolves once it answers HTTP. */
  restart(): Promise<void>
  output(): string
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort())
  const url = `http://127.0.0.1:${port}`
  const lines: string[] = []
  const entry = options.entry ?? 'server/main.ts'
  const ready = options.readyLine
  const launchIt = () => launch(entry, port, options, lines, url, ready)
  let child = await launchIt()

  const terminate = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    child.kill(signal)
    await exited
  }
  return {
    url,
    port,
    pid: () => child.pid ?? -1,
    crash: () => terminate('SIGKILL'),
    stop: () => terminate('SIGTERM'),
    async restart() {
      await terminate('SIGKILL')
      child = await launchIt()
    },
    output: () => lines.join('\n'),
  }
}

async function launch(
  entry: string,
  port: number,
  { env, nodeArgs = [] }: ServerProcessOptions,
  lines: string[],
  url: string,
  readyLine: string | undefined,
) {
  // The database comes from `env` only, never from whatever this process happens to have set.
  const { DATABASE_URL: _url, PGLITE_DATA_DIR: _dir, ...inherited } = process.env
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      ...testServerEnv(),
      // Rate-limit counters of this server alone, should REDIS_URL be set (a test sharing them says so).
      RATE_LIMIT_NAMESPACE: `test-${randomUUID()}:`,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let wroteReadyLine = false
  const keep = (chunk: Buffer) => {
    const text = chunk.toString('utf8')
    if (readyLine && text.includes(readyLine)) wroteReadyLine = true
    lines.push(...text.trimEnd().split('\n'))
    lines.splice(0, Math.max(0, lines.length - OUTPUT_TAIL))
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  try {
    await (readyLine ? waitForLine(readyLine, () => wroteReadyLine, child) : waitUntilAnswering(url, child))
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${(error as Error).message}\n--- server output ---\n${lines.join('\n')}`)
  }
  return child
}

/** Waits (bounded by READY_TIMEOUT_MS) until the process has written `line`. */
async function waitForLine(line: string, written: () => boolean, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (written()) return
    if (child.exitCode !== null)
      throw new Error(`process exited with code ${child.exitCode} before "${line}"`)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`process did not write "${line}" within ${READY_TIMEOUT_MS} ms`)
}

/** Polls /api/health until it says the server and its database are up (bounded by READY_TIMEOUT_MS). */
async function waitUntilAnswering(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before answering`)
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(1000) })
      if (res.ok) return
      await new Promise((r) => setTimeout(r, 100))
    } catch {
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  throw new Error(`server did not answer on ${url} within ${READY_TIMEOUT_MS} ms`)
}

/** A port the OS says is free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}
