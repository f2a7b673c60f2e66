/**
 * A form shows a validation error in words: the real server's 400 bodies, read by the client's own
 * API (client/data/serverApi.ts -> validationWords.ts). Found in a browser walk: forms showed
 * "body.name: Too small: expected string to have >=1 characters" and "priceMinor: Too big: expected
 * number to be <=100000000" (the user had typed euros; the limit is in cents).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { validationWords } from '../../client/data/validationWords.js'
import { serverApi } from '../../client/data/serverApi.js'
import { DomainError } from '../../shared/errors.js'
import { type TestServer, startTestServer } from '../helpers/testServer.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

async function refusal(email: string, method: 'post' | 'patch', path: string, body: unknown) {
  const api = serverApi({ baseUrl: server.url, token: await server.signIn(email) })
  const error = await (method === 'post' ? api.post(path, body) : api.patch(path, body)).catch(
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(DomainError)
  expect(error).toMatchObject({ code: 'VALIDATION_FAILED' })
  return (error as DomainError).message
}

describe('validation errors in words', () => {
  it('a service with no name and a price too high', async () => {
    const message = await refusal(server.seed.providerA.email, 'post', '/api/services', {
      name: '',
      durationMinutes: 60,
      priceMinor: 1e12,
      currency: 'EUR',
    })
    expect(message).toBe('Name is required. Price is too high.')
  })

  it('a profile name of spaces, one with a control character, a bad phone', async () => {
    const path = '/api/profile'
    const email = server.seed.customerA.email
    expect(await refusal(email, 'patch', path, { name: '   ' })).toBe('Name is required.')
    expect(await refusal(email, 'patch', path, { name: 'Pat\u0007Bell' })).toBe(
      'Name must not contain control characters.',
    )
    expect(await refusal(email, 'patch', path, { phone: 'call me' })).toMatch(/^Phone must be a phone number/)
  })

  it('keeps the server words where the details are not issues', () => {
    expect(validationWords({ malformed: [] })).toBeNull()
    expect(validationWords([{ path: ['body', 'x'] }])).toBeNull()
    expect(validationWords([])).toBeNull()
  })

  it('a text over its length, a list too short, a message that names its field', () => {
    expect(
      validationWords([
        { code: 'too_big', origin: 'string', maximum: 500, path: ['body', 'notes'], message: 'x' },
      ]),
    ).toBe('Notes must be at most 500 characters.')
    expect(
      validationWords([
        { code: 'too_small', origin: 'array', minimum: 1, path: ['body', 'events'], message: 'x' },
      ]),
    ).toBe('Events needs at least 1 entry.')
    expect(
      validationWords([
        { code: 'custom', path: ['querystring', 'to'], message: 'to must not be before from' },
      ]),
    ).toBe('To must not be before from.')
  })
})
