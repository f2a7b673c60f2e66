/** The invitation sign-up form's problems by field (client/app/signUpWords.ts). */
import { describe, expect, it } from 'vitest'
import { refusedFields, signUpProblems } from '../../client/app/signUpWords.js'
import { DomainError, ErrorCode } from '../../shared/errors.js'
import { AcceptInvitationBody } from '../../shared/organisations.js'
import { UpdateProfileBody } from '../../shared/schemas.js'
import { USER_NAME_MAX_LENGTH } from '../../shared/userNames.js'

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

  it('a name over the limit is said to be too long, not missing, before sending and when refused', () => {
    const long = 'N'.repeat(USER_NAME_MAX_LENGTH + 1)
    const tooLong = `Your name can be at most ${USER_NAME_MAX_LENGTH} characters.`
    expect(signUpProblems({ name: long, password: 'long enough' })).toEqual({ name: tooLong })
    const refused = new DomainError(ErrorCode.VALIDATION_FAILED, 'body.name: Too big', [
      { path: ['body', 'name'], code: 'too_big', origin: 'string', maximum: USER_NAME_MAX_LENGTH },
    ])
    expect(refusedFields(refused)).toEqual({ name: tooLong })
  })

  it('sign-up and the profile hold a name to the same limit', () => {
    const name = (length: number) => 'N'.repeat(length)
    const signUp = (length: number) =>
      AcceptInvitationBody.safeParse({
        token: 't'.repeat(32),
        name: name(length),
        email: 'n@x.test',
        password: 'long enough',
      }).success
    const profile = (length: number) => UpdateProfileBody.safeParse({ name: name(length) }).success
    expect([signUp(USER_NAME_MAX_LENGTH), signUp(USER_NAME_MAX_LENGTH + 1)]).toEqual([true, false])
    expect([profile(USER_NAME_MAX_LENGTH), profile(USER_NAME_MAX_LENGTH + 1)]).toEqual([true, false])
  })

  it('anything else is no field problem', () => {
    expect(refusedFields(refusal('token'))).toBeNull()
    expect(refusedFields(new DomainError(ErrorCode.INVITATION_USED, 'used'))).toBeNull()
    expect(refusedFields(new TypeError('offline'))).toBeNull()
  })
})
