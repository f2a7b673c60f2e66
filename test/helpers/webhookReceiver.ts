/**
 * A webhook receiver on 127.0.0.1 for tests: each request is answered as `behaviour` says (200, an
 * error status, hang, answer slowly, or close the connection), and every request is kept with its
 * headers and raw body, so a test can verify signatures with the standardwebhooks library.
 */
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ReceiverAnswer =
  | { kind: 'status'; status: number }
  | { kind: 'hang' }
  | { kind: 'slow'; ms: number; status: number }
  | { kind: 'close' }

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders
  body: string
  /** What the receiver answered. */
  answer: ReceiverAnswer
}

export interface WebhookReceiver {
  url: string
  received: ReceivedWebhook[]
  /** Decides each answer; 200 by default. */
  behaviour: (request: { headers: IncomingHttpHeaders; body: string }) => ReceiverAnswer
  /** Stops listening (connections refused) until `up()`; the port stays the same. */
  down(): Promise<void>
  up(): Promise<void>
  close(): Promise<void>
}

export const OK: ReceiverAnswer = { kind: 'status', status: 200 }

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = []
  const hanging = new Set<import('node:http').ServerResponse>()
  let server: Server
  const receiver: WebhookReceiver = {
    url: '',
    received,
    behaviour: () => OK,
    down: () => closeServer(),
    async up() {
      server = makeServer()
      await listen(port)
    },
    close: () => closeServer(),
  }
  const makeServer = () =>
    createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const answer = receiver.behaviour({ headers: request.headers, body })
        received.push({ headers: request.headers, body, answer })
        if (answer.kind === 'status') response.writeHead(answer.status).end()
        else if (answer.kind === 'close') request.socket.destroy()
        else if (answer.kind === 'slow') {
          setTimeout(() => response.writeHead(answer.status).end(), answer.ms).unref()
        } else hanging.add(response)
      })
    })
  const listen = (onPort: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(onPort, '127.0.0.1', () => resolve())
    })
  const closeServer = async () => {
    for (const response of hanging) response.socket?.destroy()
    hanging.clear()
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  server = makeServer()
  await listen(0)
  const port = (server.address() as AddressInfo).port
  receiver.url = `http://127.0.0.1:${port}/hook`
  return receiver
}
