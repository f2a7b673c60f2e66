/**
 * The whole product for browser tests: the client built once (cached by a hash of its sources)
 * and a real server serving it and the API on a loopback port, over a fresh test database.
 */
import { createHash } from 'node:crypto'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { setPasswordHashCost } from '../../server/auth/passwords.js'
import { type AppConfig, defaultConfig } from '../../server/config.js'
import type { Database } from '../../server/db/database.js'
import { DEFAULT_ORGANISATION_ID, addMembership } from '../../server/domain/organisations.js'
import { seedDemoData } from '../../server/seed/demoData.js'
import { openTestDatabase } from './testDatabase.js'
import type { TestFixtures } from './testFixtures.js'
import { type ApiClient, startServerOn } from './testServer.js'
import { TEST_SERVER_SETTINGS } from './testSettings.js'

const ROOT = resolve(import.meta.dirname, '../..')
const CACHE = join(ROOT, 'node_modules/.cache/uniservice-e2e')
const SOURCES = ['client', 'shared', 'vite.config.ts', 'package-lock.json', 'test/helpers/e2eServer.ts']

function hashSources(): string {
  const hash = createHash('sha256')
  const visit = (path: string) => {
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry))
    } else {
      hash.update(path).update(readFileSync(path))
    }
  }
  for (const source of SOURCES) visit(join(ROOT, source))
  return hash.digest('hex').slice(0, 16)
}

/**
 * Builds the client into a cache directory unless an identical build is there already. Parallel
 * test files race harmlessly: each builds into its own temporary directory and renames it in.
 */
export async function buildClientOnce(): Promise<string> {
  const outDir = join(CACHE, hashSources())
  if (existsSync(join(outDir, 'index.html'))) return outDir
  mkdirSync(CACHE, { recursive: true })
  const tmp = `${outDir}.tmp-${process.pid}`
  // A production build whatever runs us (vitest sets NODE_ENV=test, which would give React's and
  // RxDB's development builds and no service worker).
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      configFile: join(ROOT, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: tmp, emptyOutDir: true, chunkSizeWarningLimit: 2000 },
    })
  } finally {
    process.env.NODE_ENV = nodeEnv
  }
  try {
    renameSync(tmp, outDir)
  } catch {
    rmSync(tmp, { recursive: true, force: true }) // another worker won the race
  }
  pruneOldBuilds(outDir)
  return outDir
}

/** Builds of older sources, once nothing can still be serving them (an hour on). */
function pruneOldBuilds(keep: string): void {
  const hourAgo = Date.now() - 3_600_000
  for (const entry of readdirSync(CACHE)) {
    const path = join(CACHE, entry)
    if (path !== keep && statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true })
  }
}

export interface E2eServer {
  /** http://127.0.0.1:<port> */
  url: string
  /** The server's database, for history the API refuses to create (past slots and bookings). */
  db: Database
  /** The built client being served (a private copy when `ownClientCopy` was asked for). */
  clientDir: string
  seed: TestFixtures
  /** The server's configuration (settings read per request may be changed while it runs). */
  config: AppConfig
  api(token?: string): ApiClient
  signIn(email: string): Promise<string>
  close(): Promise<void>
}

export interface E2eServerOptions {
  /** Load the demo data set first (as `npm start` does), so the sign-in screen offers its accounts. */
  demo?: boolean
  /** Serve a private copy of the build, which the test may change (e.g. to deploy a "new version"). */
  ownClientCopy?: boolean
  /**
   * Other builds copied into the private copy before it is served (their hashed chunks beside the
   * current build's), so that a bench can switch builds between runs by copying one over the copy.
   */
  alsoServe?: readonly string[]
}

export async function startE2eServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  const built = await buildClientOnce()
  const copy =
    options.ownClientCopy || options.alsoServe ? mkdtempSync(join(tmpdir(), 'uniservice-client-')) : null
  if (copy) for (const dir of [...(options.alsoServe ?? []), built]) cpSync(dir, copy, { recursive: true })
  const clientDir = copy ?? built
  const database = await openTestDatabase()
  const demo = options.demo ?? false
  const config = defaultConfig({ ...TEST_SERVER_SETTINGS, SEED_DEMO: demo })
  // The seed hashes the demo passwords before the app (which sets the cost) is built.
  setPasswordHashCost(config.PASSWORD_HASH_COST)
  if (demo) await seedDemoData(database.db)
  const server = await startServerOn(database, config, clientDir)
  return {
    ...server,
    clientDir,
    async close() {
      await server.close()
      if (copy) rmSync(copy, { recursive: true, force: true })
    },
  }
}

/** A customer invitation link to the default organisation, issued by providerA (made its admin). */
export async function customerInvitationUrl(server: E2eServer): Promise<string> {
  const admin = server.seed.providerA
  await addMembership(server.db, DEFAULT_ORGANISATION_ID, admin.id, 'admin')
  const issued = await server
    .api(await server.signIn(admin.email))
    .post('/api/organisation/invitations', { role: 'customer' })
  if (issued.status !== 201)
    throw new Error(`invitation not issued: ${issued.status} ${JSON.stringify(issued.body)}`)
  return issued.body.url
}
