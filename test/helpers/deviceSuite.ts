/**
 * A test server and headless devices of the web client (test/helpers/deviceClient.ts: the client's
 * own RxDB database and replication module) for one test file. Devices are closed after each test:
 * RxDB's open-source build allows 13 open collections per process.
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { type Device, type DeviceOptions, openDevice } from './deviceClient.js'
import { type TestServer, type TestUser, startTestServer } from './testServer.js'

export interface DeviceSuite {
  readonly server: TestServer
  /**
   * A signed-in device of `user` (on the suite's server unless `baseUrl` says otherwise, e.g. a
   * proxy); by default once its first sync is done.
   */
  device(user: Pick<TestUser, 'email' | 'password'>, name: string, options?: DeviceSetup): Promise<Device>
}

export type DeviceSetup = Partial<Omit<DeviceOptions, 'email' | 'password' | 'name'>> & { inSync?: boolean }

export function deviceSuite(): DeviceSuite {
  let server: TestServer | undefined
  const devices: Device[] = []
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()))
  })
  afterAll(async () => {
    await server?.close()
  })
  const suite: DeviceSuite = {
    get server() {
      if (!server) throw new Error('the device suite’s server is not running (used outside its tests?)')
      return server
    },
    async device(user, name, { inSync = true, ...options } = {}) {
      const opened = await openDevice({
        baseUrl: suite.server.url,
        ...options,
        email: user.email,
        password: user.password,
        name,
      })
      devices.push(opened)
      if (inSync) await opened.awaitInSync()
      return opened
    },
  }
  return suite
}
