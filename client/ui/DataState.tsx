import type { ReactNode } from 'react'

/** The three states any data view can be in besides "has data": loading, empty and failed. */

export function Loading({ label }: { label: string }) {
  return (
    <div className="data-state" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  )
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="data-state data-state--empty" data-testid="empty">
      <p className="data-state__title">{title}</p>
      {children}
    </div>
  )
}

export function Failure({ message, children }: { message: string; children?: ReactNode }) {
  return (
    <div className="data-state data-state--error" role="alert">
      <p className="data-state__title">Something went wrong</p>
      <p>{message}</p>
      {children}
    </div>
  )
}
