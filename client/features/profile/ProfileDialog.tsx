import { type FormEvent, useMemo, useState } from 'react'
import { mayChooseBookingConfirmation, profileZoneField } from '../../../shared/policy.js'
import type { UpdateProfileBody, User } from '../../../shared/schemas.js'
import { USER_NAME_MAX_LENGTH } from '../../../shared/userNames.js'
import { useDataContext } from '../../data/dataContext.js'
import { useProfileApi } from '../../data/index.js'
import { roleHere } from '../../data/session.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { Dialog } from '../../ui/Dialog.js'
import { InputField, SelectField } from '../../ui/Field.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { viewerTimeZone } from '../../ui/calendarTime.js'
import { BookingConfirmationChoice, useBookingConfirmation } from './BookingConfirmationChoice.js'
import { currentZoneName, zoneChangeNote, zoneOptions } from './zoneChoices.js'

interface ProfileDialogProps {
  user: User
  open: boolean
  onClose: () => void
  onSaved: (user: User) => void
}

/**
 * Name, phone and time zone. A provider sets the business zone every time is entered and shown in;
 * a customer reads times in their device's zone unless they choose another (shared/policy.ts). The
 * picker always offers the stored zone (UTC included), and a save sends the zone only when it was
 * changed here; a provider changing it is told what that does to their slots before saving. A
 * provider also chooses here how new bookings are confirmed (BookingConfirmationChoice), saved with the rest.
 */
export function ProfileDialog({ user, open, onClose, onSaved }: ProfileDialogProps) {
  const { save, setBookingConfirmation } = useProfileApi()
  const announce = useAnnounce()
  // The role in the organisation worked in, as the server judges the save (a customer promoted to
  // provider sets a business zone, not the zone they read in).
  const role = roleHere(useDataContext().session)
  const zoneField = profileZoneField(role)
  const deviceZone = currentZoneName(viewerTimeZone())
  const [name, setName] = useState(user.name)
  const [phone, setPhone] = useState(user.phone ?? '')
  // By its current name: an older one (Asia/Calcutta) shows as Asia/Kolkata, and is kept unless changed.
  const storedZone = currentZoneName(zoneField === 'timeZone' ? user.timeZone : (user.displayTimeZone ?? ''))
  const [zone, setZone] = useState(storedZone)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const options = useMemo(() => zoneOptions(storedZone), [storedZone])
  const changeNote = zoneField === 'timeZone' ? zoneChangeNote(storedZone, zone) : null
  const choosesConfirmation = mayChooseBookingConfirmation({ userId: user.id, role }, user.id)
  const confirmation = useBookingConfirmation(user.id, open && choosesConfirmation)
  const [autoConfirm, setAutoConfirm] = useState<boolean | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    const changes: UpdateProfileBody = { phone: phone.trim() === '' ? null : phone.trim() }
    // The name only when changed here: one stored before a rule refused it (a control character) must
    // not stop the other fields from saving (the server checks only the fields sent).
    if (name.trim() !== user.name) changes.name = name.trim()
    if (zone !== storedZone) {
      if (zoneField === 'timeZone') changes.timeZone = zone
      else changes.displayTimeZone = zone === '' ? null : zone
    }
    try {
      if (confirmation.current && autoConfirm !== null && autoConfirm !== confirmation.current.autoConfirm)
        await setBookingConfirmation(user.id, autoConfirm)
      const saved = await save(changes)
      onSaved(saved)
      announce('Profile saved.')
      onClose()
    } catch (cause) {
      setError(
        cause instanceof TypeError ? 'Saving the profile needs a connection.' : (cause as Error).message,
      )
    } finally {
      setBusy(false)
    }
  }

  return (
    <Dialog open={open} title="Your profile" onClose={onClose} testId="profile-dialog">
      <form className="form" onSubmit={submit}>
        <InputField
          label="Name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={USER_NAME_MAX_LENGTH}
        />
        <InputField
          label={zoneField === 'timeZone' ? 'Phone' : 'Phone (shown to the providers you book)'}
          type="tel"
          autoComplete="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          maxLength={40}
          data-testid="profile-phone"
        />
        <SelectField
          label={
            zoneField === 'timeZone'
              ? 'Business time zone (you enter and read every time in it)'
              : 'Show times in'
          }
          value={zone}
          options={options}
          onChange={setZone}
          emptyLabel={zoneField === 'timeZone' ? undefined : `This device's zone (${deviceZone})`}
          testId="profile-zone"
        />
        {changeNote && (
          <p className="field__hint" role="status" data-testid="profile-zone-change">
            {changeNote}
          </p>
        )}
        {choosesConfirmation && (
          <BookingConfirmationChoice
            current={confirmation.current}
            error={confirmation.error}
            chosen={autoConfirm}
            onChoose={setAutoConfirm}
            onOpenRequests={onClose}
          />
        )}
        <FormFooter
          error={error}
          submitLabel="Save profile"
          busyLabel="Saving…"
          busy={busy}
          onCancel={onClose}
          submitTestId="profile-save"
        />
      </form>
    </Dialog>
  )
}
