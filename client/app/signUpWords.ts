/**
 * The invitation sign-up form's problems by field, in words a person reads. The server's refusal of
 * "x@y.z" read "Email is invalid: invalid email address." (zod's words after the field's), and one
 * sentence for all fields stayed on screen after the field was fixed; here each field has its own,
 * cleared as that field is edited (client/app/InvitationSignUp.tsx).
 */
import { ErrorCode } from '../../shared/errors.js'
import { newPasswordProblem } from '../../shared/passwords.js'
import { USER_NAME_MAX_LENGTH } from '../../shared/userNames.js'
import { hasVisibleContent } from '../../shared/visibleText.js'
import { validationWords } from '../data/validationWords.js'

export type SignUpField = 'name' | 'email' | 'password'
export type SignUpProblems = Partial<Record<SignUpField, string>>

const WORDS: Record<Exclude<SignUpField, 'password'>, string> = {
  name: 'Enter your name.',
  email: 'Enter a valid email address.',
}

/** A name over the limit was answered "Enter your name." under a filled field. */
export const NAME_TOO_LONG = `Your name can be at most ${USER_NAME_MAX_LENGTH} characters.`

/** What the form tells before sending (what the browser's own checks let through). */
export function signUpProblems(values: { name: string; password: string }): SignUpProblems {
  const problems: SignUpProblems = {}
  // Only invisible characters (zero-width spaces) read as blank, and the server refuses them so.
  if (!hasVisibleContent(values.name)) problems.name = WORDS.name
  else if (values.name.trim().length > USER_NAME_MAX_LENGTH) problems.name = NAME_TOO_LONG
  const password = newPasswordProblem(values.password)
  if (password) problems.password = `Password ${password}.`
  return problems
}

/**
 * The server's refusal of the form's fields (400 VALIDATION_FAILED, its `details` the issues), or null
 * when it refused something else (the link, a taken email) or some issue is of no field of the form.
 */
export function refusedFields(cause: unknown): SignUpProblems | null {
  const { code, details } = (cause ?? {}) as { code?: unknown; details?: unknown }
  if (code !== ErrorCode.VALIDATION_FAILED || !Array.isArray(details) || details.length === 0) return null
  const problems: SignUpProblems = {}
  for (const issue of details as { path?: unknown; code?: unknown }[]) {
    const field: unknown = Array.isArray(issue.path) ? issue.path.at(-1) : undefined
    if (field !== 'name' && field !== 'email' && field !== 'password') return null
    // The name's own rules (no control or text-direction characters) say what is wrong, not "Enter".
    const words =
      field === 'password' || (field === 'name' && issue.code === 'custom')
        ? validationWords([issue])
        : field === 'name' && issue.code === 'too_big'
          ? NAME_TOO_LONG
          : WORDS[field]
    if (!words) return null
    problems[field] = words
  }
  return problems
}
