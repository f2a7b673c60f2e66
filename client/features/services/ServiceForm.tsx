import { type FormEvent, useState } from 'react'
import { CURRENCY_CODES, minorUnitDigits, parsePrice } from '../../../shared/currencies.js'
import { MAX_CAPACITY, type Service } from '../../../shared/schemas.js'
import { CreateServiceBody } from '../../../shared/serviceSchemas.js'
import { InputField, SelectField } from '../../ui/Field.js'
import { FormFooter } from '../../ui/FormFooter.js'
import { priceProblem, serviceIssueWords } from './serviceFormWords.js'

const currencyOptions = CURRENCY_CODES.map((code) => ({ id: code, name: code }))

/** The price as the provider typed it: "45.50" for 4550 EUR cents, "5000" for 5000 JPY. */
function priceText(service: Service | undefined): string {
  if (!service) return ''
  const digits = minorUnitDigits(service.currency)
  return (service.priceMinor / 10 ** digits).toFixed(digits)
}

interface ServiceFormProps {
  /** The service to change, or undefined to create one. */
  service?: Service
  onSubmit: (body: CreateServiceBody) => Promise<void>
  onCancel: () => void
}

/** Name, description, length, default capacity and price of one service; validated with the server's schema. */
export function ServiceForm({ service, onSubmit, onCancel }: ServiceFormProps) {
  const [name, setName] = useState(service?.name ?? '')
  const [description, setDescription] = useState(service?.description ?? '')
  const [durationMinutes, setDuration] = useState(service?.durationMinutes ?? 60)
  const [defaultCapacity, setCapacity] = useState(service?.defaultCapacity ?? 1)
  const [price, setPrice] = useState(priceText(service))
  const [currency, setCurrency] = useState(service?.currency ?? 'EUR')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const priceMinor = parsePrice(price, currency)
    if (priceMinor === null) {
      setError(priceProblem(price, currency))
      return
    }
    const parsed = CreateServiceBody.safeParse({
      name,
      description,
      durationMinutes,
      defaultCapacity,
      priceMinor,
      currency,
    })
    if (!parsed.success) {
      setError(serviceIssueWords(parsed.error.issues))
      return
    }
    setBusy(true)
    setError(null)
    try {
      await onSubmit(parsed.data)
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : 'The service could not be saved.')
      setBusy(false)
    }
  }

  return (
    <form className="form" onSubmit={submit} data-testid="service-form">
      <InputField
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        required
        maxLength={120}
      />
      <label className="field">
        <span>Description</span>
        <textarea
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={2000}
          rows={3}
        />
      </label>
      <div className="form__row">
        <InputField
          label="Length (minutes)"
          type="number"
          min={5}
          max={24 * 60}
          step={5}
          value={durationMinutes}
          onChange={(e) => setDuration(Number(e.target.value))}
        />
        <InputField
          label="Seats per slot"
          type="number"
          min={1}
          max={MAX_CAPACITY}
          value={defaultCapacity}
          onChange={(e) => setCapacity(Number(e.target.value))}
        />
      </div>
      <div className="form__row">
        <InputField
          label="Price"
          inputMode="decimal"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
          placeholder="0.00"
          required
          data-testid="service-price"
        />
        <SelectField label="Currency" value={currency} options={currencyOptions} onChange={setCurrency} />
      </div>
      <FormFooter
        busy={busy}
        error={error}
        submitLabel={service ? 'Save service' : 'Add service'}
        busyLabel="Saving…"
        onCancel={onCancel}
        submitTestId="save-service"
      />
    </form>
  )
}
