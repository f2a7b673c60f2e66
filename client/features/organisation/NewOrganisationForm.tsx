import { useEffect, useId, useRef, useState } from 'react'
import { DomainError, ErrorCode } from '../../../shared/errors.js'
import type { NewOrganisationBody, Organisation } from '../../../shared/organisations.js'
import { InputField } from '../../ui/Field.js'
import { SHORT_NAME_MAX, shortNameProblem } from './shortName.js'
import { useInFlight } from './useInFlight.js'

/** Why the server did not create it; a taken short name is said at that field. */
interface Refusal {
  message: string
  atShortName: boolean
}

const shortNameInput = (form: HTMLFormElement | null) =>
  form?.elements.namedItem('slug') as HTMLInputElement | null | undefined

/**
 * The form at the foot of the organisation page. What is wrong is said next to the field (the page is
 * long: a note at its top would be off-screen), brought into view, and what was typed stays. A new
 * organisation is in the switcher at once (the page hands the list on) and a button here switches to it;
 * once the user works in it (switched here or in the header) the form is empty again, its note gone.
 * It is sent once: a second click while the first request runs is ignored (not a second organisation
 * whose short name the first one took).
 */
export function NewOrganisationForm({
  currentOrganisationId,
  createOrganisation,
  onSwitch,
}: {
  /** The organisation the user works in now. */
  currentOrganisationId: string
  /** Creates it and keeps the user's organisations, the new one included. */
  createOrganisation: (body: NewOrganisationBody) => Promise<Organisation>
  onSwitch: (organisationId: string) => void
}) {
  const [name, setName] = useState('')
  const [slug, setSlug] = useState('')
  const [created, setCreated] = useState<Organisation | null>(null)
  const [refusal, setRefusal] = useState<Refusal | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const refusalRef = useRef<HTMLParagraphElement>(null)
  const problemId = useId()
  const sending = useInFlight()
  const slugProblem = shortNameProblem(slug) ?? (refusal?.atShortName ? refusal.message : null)

  useEffect(() => {
    if (!refusal) return
    if (refusal.atShortName) shortNameInput(formRef.current)?.focus({ preventScroll: true })
    refusalRef.current?.scrollIntoView({ block: 'center' })
  }, [refusal])

  // In the new organisation now: nothing is left to say about it, and nothing typed to send again.
  useEffect(() => {
    if (created?.id !== currentOrganisationId) return
    setCreated(null)
    setName('')
    setSlug('')
    setRefusal(null)
  }, [created, currentOrganisationId])

  return (
    <form
      ref={formRef}
      onSubmit={(event) => {
        event.preventDefault()
        if (shortNameProblem(slug)) {
          setRefusal(null)
          setCreated(null)
          shortNameInput(formRef.current)?.focus()
          return
        }
        sending
          .run(() => {
            setRefusal(null)
            setCreated(null)
            return createOrganisation({ name, slug })
          })
          ?.then(
            (organisation) => setCreated(organisation),
            (e: unknown) =>
              setRefusal({
                message: e instanceof Error ? e.message : String(e),
                atShortName: e instanceof DomainError && e.code === ErrorCode.CONFLICT,
              }),
          )
      }}
      data-testid="new-organisation-form"
    >
      <InputField
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={200}
      />
      <InputField
        name="slug"
        label="Short name (lower-case letters, digits, dashes)"
        value={slug}
        onChange={(e) => {
          setSlug(e.target.value)
          if (refusal?.atShortName) setRefusal(null)
        }}
        required
        maxLength={SHORT_NAME_MAX}
        aria-invalid={slugProblem !== null}
        aria-describedby={slugProblem ? problemId : undefined}
        data-testid="new-organisation-slug"
      />
      {slugProblem && (
        <p
          id={problemId}
          ref={refusal?.atShortName ? refusalRef : undefined}
          className="note note--error"
          role="alert"
          data-testid="new-organisation-slug-problem"
        >
          {slugProblem}
        </p>
      )}
      {/* aria-disabled, not disabled: a disabled button would drop the keyboard user's focus. */}
      <button type="submit" className="button" aria-disabled={sending.busy} aria-busy={sending.busy}>
        Create organisation
      </button>
      {refusal && !refusal.atShortName && (
        <p ref={refusalRef} className="note note--error" role="alert">
          {refusal.message}
        </p>
      )}
      {created && (
        <div className="organisation__created">
          <p role="status">{`${created.name} was created, with you as its admin. The organisation switcher at the top lists it.`}</p>
          <button
            type="button"
            className="button button--primary"
            onClick={() => onSwitch(created.id)}
            data-testid="switch-to-new-organisation"
          >
            {`Switch to ${created.name}`}
          </button>
        </div>
      )}
    </form>
  )
}
