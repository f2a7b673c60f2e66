/** The invitation sign-up form's problems by field (client/app/signUpWords.ts). */
import { describe, expect, it } from 'vitest'
import { refusedFields, signUpProblems } from '../../client/app/signUpWords.js'
import { DomainError, ErrorCode } from '../../shared/errors.js'

const refusal = (...fields: string[]) =>
  new DomainError(
    ErrorCode.VALIDATION_FAILED,
    'Name is required. Email is invalid: invalid email address.',
    fields.map((field) => ({
      path: ['body', field],
      code: field === 'email' ? 'invalid_format' : 'too_small',
      origin: 'string',
      minimum: 1,
      message:
        field === 'email' ? 'Invalid email address' : 'Too small: expected string to have >=1 characters',
    })),
  )

describe('sign-up problems', () => {
  it('a blank name and a password the server would refuse are said before sending', () => {
    expect(signUpProblems({ name: '   ', password: '        ' })).toEqual({
      name: 'Enter your name.',
      password: 'Password must not be blank (only spaces).',
    })
    expect(signUpProblems({ name: 'Nina', password: 'long enough' })).toEqual({})
  })

  it("the server's refusal of fields is said per field, once, without zod's words", () => {
    expect(refusedFields(refusal('name', 'email'))).toEqual({
      name: 'Enter your name.',
      email: 'Enter a valid email address.',
    })
    expect(refusedFields(refusal('email'))).toEqual({ email: 'Enter a valid email address.' })
  })

  it('anything else is no field problem', () => {
    expect(refusedFields(refusal('token'))).toBeNull()
    expect(refusedFields(new DomainError(ErrorCode.INVITATION_USED, 'used'))).toBeNull()
    expect(refusedFields(new TypeError('offline'))).toBeNull()
  })
})
