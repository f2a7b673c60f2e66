/**
 * Which organisation a piece of work runs in, and the Database that says so to PostgreSQL.
 *
 * Every query and transaction of `tenantDatabase(db)` runs with the setting app.organisation_id =
 * <org> (Database.scoped: on PostgreSQL a session setting of the pooled connection, changed before
 * the connection is used in another scope, so a request in the same organisation as the connection's
 * last one pays no extra round trip): the row-level security policies of migration 011 then confine
 * every statement to that organisation, whatever its WHERE says, and work that names none sees no
 * tenant row (it fails closed). The organisation comes from an AsyncLocalStorage scope: the request's (entered by
 * the `tenantScope` plugin before authentication fills it in) or one opened by `inOrganisation` for
 * work outside a request (the demo seed, a public calendar feed). Routes keep receiving "the
 * database" and need no change; the domain code never sees an organisation id.
 *
 * Fastify reads a request body on socket events, outside the async context of the hooks that ran
 * before it; an AsyncResource made when the request arrived carries the scope across (the approach
 * of @fastify/request-context, in the dozen lines needed here).
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks'
import type { FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import type { Database } from './database.js'

interface Scope {
  organisationId: string | null
}

const scopes = new AsyncLocalStorage<Scope>()
const requestResources = new WeakMap<object, AsyncResource>()

/** The organisation of the work in progress, or null (none named: tenant rows are invisible). */
export function currentOrganisation(): string | null {
  return scopes.getStore()?.organisationId ?? null
}

/** Names the current request's organisation (authentication does, once the membership is known). */
export function setRequestOrganisation(organisationId: string): void {
  const scope = scopes.getStore()
  if (!scope) throw new Error('setRequestOrganisation outside a request scope')
  scope.organisationId = organisationId
}

/** Runs `work` in `organisationId` (work that no request carries: seeds, public feeds, tests). */
export function inOrganisation<T>(organisationId: string, work: () => Promise<T>): Promise<T> {
  return scopes.run({ organisationId }, work)
}

/** Every transaction (and every single query, as a transaction of its own) names the current organisation. */
export function tenantDatabase(db: Database): Database {
  return scopedDatabase(db, currentOrganisation)
}

/** `db` confined to one organisation, whatever scope the caller runs in (seeds, fixtures, tests). */
export function organisationDatabase(db: Database, organisationId: string): Database {
  return scopedDatabase(db, () => organisationId)
}

function scopedDatabase(db: Database, organisation: () => string | null): Database {
  return db.scoped(() => ({ 'app.organisation_id': organisation() ?? '' }))
}

/** Opens each request's scope (empty until authentication names the organisation). */
const tenantScopePlugin: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', (request, _reply, done) => {
    scopes.run({ organisationId: null }, () => {
      const resource = new AsyncResource('tenant-scope')
      requestResources.set(request, resource)
      resource.runInAsyncScope(done)
    })
  })
  // After the body was read (outside the scope): back into it for validation, hooks and handler.
  app.addHook('preValidation', (request, _reply, done) => {
    const resource = requestResources.get(request)
    if (resource) resource.runInAsyncScope(done)
    else done()
  })
}

/** Not encapsulated, registered before authentication: its scope covers every hook and handler. */
export const tenantScope = fp(tenantScopePlugin, { name: 'tenant-scope' })
