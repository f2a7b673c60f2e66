import { useState } from 'react'
import { formatPrice } from '../../../shared/currencies.js'
import type { Service } from '../../../shared/schemas.js'
import { useServiceCatalogue } from '../../data/index.js'
import { useAnnounce } from '../../ui/Announcer.js'
import { Empty, Failure, Loading } from '../../ui/DataState.js'
import { Dialog } from '../../ui/Dialog.js'
import { ServiceForm } from './ServiceForm.js'
import './services.css'

/** The dialog's subject: a new service, or the one being changed. */
type Editing = { mode: 'create' } | { mode: 'edit'; service: Service } | null

/** A provider's services with their prices and slot defaults; add one or change one (online only). */
export function ServicesPage({ providerId }: { providerId: string }) {
  const { services, createService, updateService } = useServiceCatalogue(providerId)
  const [editing, setEditing] = useState<Editing>(null)
  const announce = useAnnounce()
  const close = () => setEditing(null)

  return (
    <section className="page" aria-labelledby="services-title">
      <div className="page__header">
        <h1 id="services-title">Services</h1>
        <button
          type="button"
          className="button button--primary"
          onClick={() => setEditing({ mode: 'create' })}
          data-testid="add-service"
        >
          Add service
        </button>
      </div>
      {services.error ? (
        <Failure message={`${services.error} Services are managed online.`} />
      ) : services.loading ? (
        <Loading label="Loading your services…" />
      ) : services.data.length === 0 ? (
        <Empty title="No services yet" />
      ) : (
        <ul className="service-list" data-testid="service-list">
          {services.data.map((service) => (
            <li key={service.id} className="service-item">
              <div className="service-item__main">
                <h2>{service.name}</h2>
                {service.description && <p className="muted">{service.description}</p>}
                <p className="service-item__facts">
                  {service.durationMinutes} min · {service.defaultCapacity}{' '}
                  {service.defaultCapacity === 1 ? 'seat' : 'seats'}
                </p>
              </div>
              <div className="service-item__side">
                <strong className="service-item__price">
                  {formatPrice(service.priceMinor, service.currency)}
                </strong>
                <button
                  type="button"
                  className="button button--small"
                  onClick={() => setEditing({ mode: 'edit', service })}
                >
                  Edit
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={editing !== null}
        title={editing?.mode === 'edit' ? `Edit ${editing.service.name}` : 'New service'}
        onClose={close}
        testId="service-dialog"
      >
        {editing && (
          <ServiceForm
            key={editing.mode === 'edit' ? editing.service.id : 'new'}
            service={editing.mode === 'edit' ? editing.service : undefined}
            onCancel={close}
            onSubmit={async (body) => {
              if (editing.mode === 'edit') await updateService(editing.service.id, body)
              else await createService(body)
              announce(editing.mode === 'edit' ? 'Service saved.' : 'Service added.')
              close()
            }}
          />
        )}
      </Dialog>
    </section>
  )
}
