import type { InputHTMLAttributes } from 'react'

interface FieldFrame {
  label: string
  /** Label beside the control instead of above it. */
  inline?: boolean
}

const frameClass = (inline?: boolean) => `field${inline ? ' field--inline' : ''}`

/** A labelled <input>; every other prop goes to the input. */
export function InputField({ label, inline, ...input }: FieldFrame & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className={frameClass(inline)}>
      <span>{label}</span>
      <input {...input} />
    </label>
  )
}

export interface Option {
  id: string
  name: string
}

interface SelectFieldProps extends FieldFrame {
  value: string
  options: readonly Option[]
  onChange: (id: string) => void
  /** A first option with the value '' (e.g. "All providers"). */
  emptyLabel?: string
  testId?: string
}

/** A labelled <select> over id/name options. */
export function SelectField({
  label,
  inline,
  value,
  options,
  onChange,
  emptyLabel,
  testId,
}: SelectFieldProps) {
  return (
    <label className={frameClass(inline)}>
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name}
          </option>
        ))}
      </select>
    </label>
  )
}
