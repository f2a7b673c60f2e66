import { DomainError } from '../../shared/errors.js'

/** The DomainError code a promise rejects with, or 'NO_ERROR'; any other error is rethrown. */
export async function domainErrorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (error instanceof DomainError) return error.code
    throw error
  }
  return 'NO_ERROR'
}
