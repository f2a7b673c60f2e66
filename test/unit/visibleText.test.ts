/**
 * Text hygiene of what people type (shared/visibleText.ts, shared/controlCharacters.ts,
 * shared/schemas.ts): a required text of only invisible characters is as blank as an empty one; a
 * name shown to others may not hold text-direction controls; a client-made id is no nil or max UUID.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { refusedFields, signUpProblems } from '../../client/app/signUpWords.js'
import { reasonToSend } from '../../client/features/provider/reasonToSend.js'
import { CancelRangeBody, CreateSeriesBody } from '../../shared/bookingOperations.js'
import { hasTextDirectionControl } from '../../shared/controlCharacters.js'
import { DomainError, ErrorCode } from '../../shared/errors.js'
import { AcceptInvitationBody, NewOrganisationBody } from '../../shared/organisations.js'
import { BookingPushRow, SlotPushRow } from '../../shared/replication.js'
import { CreateBookingBody, NewId, StatusReason, UpdateProfileBody } from '../../shared/schemas.js'
import { CreateServiceBody, UpdateServiceBody } from '../../shared/serviceSchemas.js'
import { hasVisibleContent } from '../../shared/visibleText.js'
import { JoinWaitlistBody, WaitlistPushRow } from '../../shared/waitlist.js'

/** Zero-width and other format characters no reader sees. */
const INVISIBLE = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u200F', '\u3164']
const TEXT_DIRECTION = [
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
]
const WHITESPACE = [' ', '\t', '\n', '\r', '\u00A0', '\u2003', '\u3000', '\u2028']
const ZERO_WIDTH_ONLY = '\u200B\u200B'
const NIL = '00000000-0000-0000-0000-000000000000'
const MAX = 'ffffffff-ffff-ffff-ffff-ffffffffffff'

/** Every code point of Unicode's general category Cf. */
const FORMAT_CHARACTERS = Array.from({ length: 0x110000 }, (_, code) => code)
  .filter((code) => code < 0xd800 || code > 0xdfff)
  .map((code) => String.fromCodePoint(code))
  .filter((char) => /^\p{Cf}$/u.test(char))
const formatCharacter = fc.constantFrom(...FORMAT_CHARACTERS)
const invisibleText = fc
  .array(fc.oneof(fc.constantFrom(...WHITESPACE, ...INVISIBLE, ...TEXT_DIRECTION), formatCharacter), {
    maxLength: 20,
  })
  .map((chars) => chars.join(''))

describe('visible content', () => {
  it('none in text of only whitespace, zero-width, format or bidi characters', () => {
    for (const text of ['', '   ', '\u200B\u200B', '\uFEFF', '\u2060 \u200D', '\u202E\u2066', '\u3164'])
      expect(hasVisibleContent(text)).toBe(false)
    fc.assert(fc.property(invisibleText, (text) => !hasVisibleContent(text)))
  })

  it('some as soon as one character is seen, joiners in emoji and Persian included', () => {
    for (const text of [
      'a',
      ' \u200Bé',
      '\u05E9\u05DC\u05D5\u05DD',
      '\u{1F469}\u200D\u{1F467}',
      'می\u200Cخواهم',
    ])
      expect(hasVisibleContent(text)).toBe(true)
    fc.assert(
      fc.property(
        invisibleText,
        fc.constantFrom('a', 'Z', '7', 'ß', '東', '.'),
        invisibleText,
        (a, seen, b) => hasVisibleContent(a + seen + b),
      ),
    )
  })
})

describe('a required text of only invisible characters counts as blank', () => {
  const invitation = (name: string) =>
    AcceptInvitationBody.safeParse({
      token: 't'.repeat(32),
      name,
      email: 'n@x.test',
      password: 'long enough',
    })
  /** Every required name: its issues as the server answers them (path, code, message). */
  const names: [string, (name: string) => ReturnType<typeof UpdateProfileBody.safeParse>][] = [
    ['profile', (name) => UpdateProfileBody.safeParse({ name })],
    ['sign-up', invitation],
    ['organisation', (name) => NewOrganisationBody.safeParse({ name, slug: 'acme' })],
    [
      'new service',
      (name) => CreateServiceBody.safeParse({ name, durationMinutes: 60, priceMinor: 0, currency: 'EUR' }),
    ],
    ['service change', (name) => UpdateServiceBody.safeParse({ name })],
  ]
  const issues = (result: { error?: { issues: unknown[] } }) =>
    (result.error?.issues ?? []).map((issue) => {
      const { code, path, message, minimum } = issue as Record<string, unknown>
      return { code, path, message, minimum }
    })

  it('every name: refused with the very issue of an empty one', () => {
    for (const [, parse] of names) {
      const blank = issues(parse(''))
      expect(blank).toEqual([expect.objectContaining({ code: 'too_small', minimum: 1, path: ['name'] })])
      for (const text of ['\u200B\u200B', ' \u2060\uFEFF ', '\u3164'])
        expect(issues(parse(text))).toEqual(blank)
      fc.assert(
        fc.property(invisibleText, (text) => JSON.stringify(issues(parse(text))) === JSON.stringify(blank)),
      )
      expect(parse('  Nina\u200B ').success).toBe(true)
    }
  })

  it('a name with a zero-width joiner between visible characters is kept as typed (trimmed)', () => {
    expect(UpdateProfileBody.parse({ name: ' می\u200Cخواهم ' }).name).toBe('می\u200Cخواهم')
  })

  it("a range cancel's reason, as a blank one", () => {
    const range = (reason: string) =>
      CancelRangeBody.safeParse({ from: '2030-01-01T00:00:00Z', to: '2030-01-02T00:00:00Z', reason })
    expect(range('\u200B\u200B').error?.issues.map((i) => [i.path, i.message])).toEqual([
      [['reason'], 'a reason is required'],
    ])
    expect(range('\u200B\u200B').error?.issues.map((i) => i.message)).toEqual(
      range('  ').error?.issues.map((i) => i.message),
    )
    expect(range('Ill today').success).toBe(true)
  })

  it("the bulk panel's reason: none when nothing of it is visible, else as the customers read it", () => {
    for (const typed of ['', '   ', ZERO_WIDTH_ONLY, '\u2060\u0007\uFEFF'])
      expect(reasonToSend(typed)).toBe('')
    expect(reasonToSend(' Ill\u000btoday ')).toBe('Ill today')
    expect(reasonToSend('\u200BIll')).toBe('\u200BIll')
  })

  it('the sign-up form says so before sending', () => {
    expect(signUpProblems({ name: '\u200B\u200B', password: 'long enough' })).toEqual({
      name: 'Enter your name.',
    })
  })
})

describe('text-direction controls', () => {
  it('are found in a text', () => {
    for (const control of TEXT_DIRECTION) expect(hasTextDirectionControl(`admin${control}txt.exe`)).toBe(true)
    for (const text of ['plain', '\u200E\u200F', 'שלום', '\u200B'])
      expect(hasTextDirectionControl(text)).toBe(false)
  })

  it('are refused in every single-line name, in words, and kept in multi-line text', () => {
    for (const control of TEXT_DIRECTION) {
      const name = `Eve${control}lin`
      for (const result of [
        UpdateProfileBody.safeParse({ name }),
        NewOrganisationBody.safeParse({ name, slug: 'acme' }),
        UpdateServiceBody.safeParse({ name }),
        AcceptInvitationBody.safeParse({
          token: 't'.repeat(32),
          name,
          email: 'n@x.test',
          password: 'long enough',
        }),
      ])
        expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
          [['name'], 'must not contain text-direction control characters'],
        ])
      expect(StatusReason.safeParse(`שלום ${control}ok`).success).toBe(true)
    }
  })

  it("the sign-up form says the server's refusal of them, not 'Enter your name.'", () => {
    const refused = new DomainError(ErrorCode.VALIDATION_FAILED, 'body.name: ...', [
      {
        path: ['body', 'name'],
        code: 'custom',
        message: 'must not contain text-direction control characters',
      },
    ])
    expect(refusedFields(refused)).toEqual({
      name: 'Name must not contain text-direction control characters.',
    })
  })
})

describe('an id the client creates', () => {
  const random = '0b8f5a54-2c1e-4c6e-9d7a-3f0e8c2b1a90'

  it('is any UUID but the nil and the max one', () => {
    expect(NewId.safeParse(random).success).toBe(true)
    for (const id of [NIL, MAX, MAX.toUpperCase()]) expect(NewId.safeParse(id).success).toBe(false)
    for (const body of [CreateBookingBody, JoinWaitlistBody]) {
      expect(body.safeParse({ id: NIL, slotId: random }).error?.issues.map((i) => i.path)).toEqual([['id']])
      expect(body.safeParse({ id: MAX, slotId: random }).error?.issues.map((i) => i.path)).toEqual([['id']])
    }
    const series = CreateSeriesBody.safeParse({
      id: NIL,
      firstSlotId: random,
      weeks: 2,
      mode: 'ALL_OR_NOTHING',
    })
    expect(series.error?.issues.map((i) => i.path)).toEqual([['id']])
  })

  it('an id naming an existing thing may still be the nil UUID (it is looked up, not made)', () => {
    expect(CreateBookingBody.safeParse({ slotId: NIL }).success).toBe(true)
  })

  it("is a pushed document's id; its assumed state is not checked", () => {
    for (const row of [BookingPushRow, SlotPushRow, WaitlistPushRow]) {
      const result = row.safeParse({ newDocumentState: { id: NIL } })
      expect(result.error?.issues.some((i) => i.path.join('.') === 'newDocumentState.id')).toBe(true)
      const assumed = row.safeParse({ assumedMasterState: { id: NIL }, newDocumentState: { id: random } })
      expect(assumed.error?.issues.some((i) => i.path.join('.') === 'assumedMasterState.id')).toBe(false)
    }
  })
})
