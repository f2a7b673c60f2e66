/** The signed-in user's profile and a booking's customer contact: online calls, never replicated. */
import { useMemo } from 'react'
import type { CustomerContact, UpdateProfileBody, User } from '../../shared/schemas.js'
import { useDataContext } from './dataContext.js'

export interface ProfileApi {
  save(changes: UpdateProfileBody): Promise<User>
  /** The customer's name, email and phone, for the provider of the booking. */
  customerContact(bookingId: string): Promise<CustomerContact>
}

export function useProfileApi(): ProfileApi {
  const { api } = useDataContext()
  return useMemo(
    () => ({
      save: (changes) => api.patch<User>('/api/profile', changes),
      customerContact: (bookingId) => api.get<CustomerContact>(`/api/bookings/${bookingId}/contact`),
    }),
    [api],
  )
}
