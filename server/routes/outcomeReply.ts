/**
 * The one place REST turns a domain Outcome into an HTTP answer: the value with the route's success
 * status, or the refusal as the shared ErrorBody with its code's status (server/http/errorStatus.ts,
 * the same table the error handler uses for the few refusals that are thrown outside the domain).
 */
import type { FastifyReply } from 'fastify'
import type { Outcome } from '../../shared/errors.js'
import type { ErrorBody } from '../../shared/schemas.js'
import { errorStatus } from '../http/errorStatus.js'

export function replyWithOutcome<T>(reply: FastifyReply, outcome: Outcome<T>, status = 200): FastifyReply {
  if (outcome.ok) return reply.status(status).send(outcome.value)
  const { code, message, details } = outcome.refusal
  const body: ErrorBody = { code, message, details: details ?? {} }
  return reply.status(errorStatus[code]).send(body)
}
