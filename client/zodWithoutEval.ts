/**
 * Imported first by main.tsx, before any module defines a zod schema: the server's
 * Content-Security-Policy has no 'unsafe-eval', and zod probes `new Function` when a schema is
 * defined (a refused probe is still reported as a CSP violation). Its interpreter is quick enough
 * for the client's documents.
 */
import { z } from 'zod'

z.config({ jitless: true })
