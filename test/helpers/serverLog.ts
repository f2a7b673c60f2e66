/**
 * The test server's request log, kept in memory: pass `logger` to startTestServer's options, note
 * `mark()` before the requests under test, and read the lines logged at error level or above since
 * (or the whole log's text).
 */
import { requestLogOptions } from '../../server/http/requestLog.js'

/** pino's level number for "error". */
const ERROR_LEVEL = 50

export interface ServerLog {
  /** buildApp's logger option writing here. */
  logger: ReturnType<typeof requestLogOptions>
  /** Where the log stands now. */
  mark(): number
  /** The lines at error level or above written since `mark`. */
  errorsSince(mark: number): string[]
  /** Everything logged so far, one line per entry. */
  text(): string
}

export function serverLog(): ServerLog {
  const lines: string[] = []
  return {
    logger: requestLogOptions('info', { write: (line: string) => lines.push(line) }),
    mark: () => lines.length,
    errorsSince: (mark) => lines.slice(mark).filter((line) => JSON.parse(line).level >= ERROR_LEVEL),
    text: () => lines.join('\n'),
  }
}
