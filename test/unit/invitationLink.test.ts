/** Reading an invitation link's fragment, as pasted from an email or a chat (client/app/InvitationSignUp.tsx). */
import { describe, expect, it } from 'vitest'
import { invitationLink } from '../../client/app/InvitationSignUp.js'

const token = 'Ab3_-xYz0123456789abcdefghijKLMNOPQRSTUVWX'

describe('invitationLink', () => {
  it('reads a well-formed token, with punctuation or (encoded) spaces around it', () => {
    for (const hash of [
      `#invitation=${token}`,
      `#invitation=${token}.`,
      `#invitation=${token}%20`,
      `#invitation=${token})`,
      `#invitation=${token}).%20%20`,
      `#invitation=${token} `,
      `#invitation=(${token})`,
      `#invitation=%20${token}`,
    ]) {
      expect(invitationLink(hash), hash).toEqual({ token })
    }
  })

  it('a fragment naming an invitation without a well-formed token is a damaged link', () => {
    for (const hash of [
      '#invitation=',
      '#invitation=garbage',
      `#invitation=${token}x!y`,
      `#invitation=${token}%2`,
    ]) {
      expect(invitationLink(hash), hash).toEqual({ token: null })
    }
  })

  it('any other fragment is no invitation', () => {
    for (const hash of ['', '#', '#/organisation', `#invite=${token}`])
      expect(invitationLink(hash)).toBeNull()
  })
})
