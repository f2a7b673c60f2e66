/**
 * The webhook bench's receiver, in a process of its own: a receiver is someone else's server, and
 * its work must not slow the bench's booking clients (it shared their event loop before). Answers
 * every request 200 on 127.0.0.1:PORT once its body is read; writes RECEIVER_READY when listening.
 */
import { createServer } from 'node:http'

export const RECEIVER_READY = 'webhook receiver ready'

if (import.meta.url === `file://${process.argv[1]}`) {
  const server = createServer((request, response) => {
    request.on('end', () => response.writeHead(200).end())
    request.resume()
  })
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write(`${RECEIVER_READY}\n`))
  process.once('SIGTERM', () => process.exit(0))
}
