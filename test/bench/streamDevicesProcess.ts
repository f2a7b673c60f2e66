/**
 * The fan-out bench's live devices during its throughput runs, in a process of their own: a
 * thousand devices stand for a thousand phones, each reading the stream on its own hardware. In the
 * bench process they shared the event loop of the booking clients (a client's next request waited
 * behind a thousand stream reads) and the cores at the server's priority; here they run at the
 * lowest priority (the bench sets nice 19), so what the throughput with devices measures is the
 * server's and PostgreSQL's fan-out work, not the simulation's. They still read every message (a
 * stream nobody reads would stop costing the server its writes); their CPU is reported apart.
 *
 * Opens the devices of DEVICE_TOKENS (comma-separated session tokens) against DEVICE_SERVER_URL,
 * writes DEVICES_READY once every one is connected and caught up, and stays until SIGTERM. On
 * SIGUSR2 it writes DEVICES_COUNTED: the pulls and stream messages the devices took so far.
 */
import { httpClient } from '../helpers/httpRequest.js'
import { openStreamDevices, totalPulls, totalStreamed } from './streamDevices.js'

export const DEVICES_READY = 'stream devices ready'
/** Written on SIGUSR2 (with the how-manieth time and a JSON object): the pulls and stream messages taken so far. */
export const DEVICES_COUNTED = 'stream devices counted'
export interface DeviceCounts {
  pulls: number
  streamed: number
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const serverUrl = process.env.DEVICE_SERVER_URL as string
  const tokens = (process.env.DEVICE_TOKENS ?? '').split(',').filter(Boolean)
  const pulls = httpClient(serverUrl, 64)
  const devices = await openStreamDevices(serverUrl, tokens, pulls)
  process.stdout.write(`${DEVICES_READY}: ${devices.length}\n`)
  let counted = 0
  process.on('SIGUSR2', () => {
    const counts: DeviceCounts = { pulls: totalPulls(devices), streamed: totalStreamed(devices) }
    process.stdout.write(`${DEVICES_COUNTED} ${++counted} ${JSON.stringify(counts)}\n`)
  })
  process.once('SIGTERM', () => {
    for (const device of devices) device.close()
    pulls.close()
    process.exit(0)
  })
}
