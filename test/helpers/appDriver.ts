/**
 * Drives the web client like a user does, through its stable data-testid hooks. Shared by the e2e
 * tests and the browser benchmarks so both exercise the same paths.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { dayKey } from '../../client/ui/calendarTime.js'

export const DEVICE_TIME_ZONE = 'Europe/Berlin'

export async function signInThroughUi(page: Page, email: string, password: string, hash = ''): Promise<void> {
  await page.goto(`/${hash}`)
  await page.getByTestId('sign-in-email').fill(email)
  await page.getByTestId('sign-in-password').fill(password)
  await page.getByTestId('sign-in-submit').click()
  await page.getByTestId('shell').waitFor()
}

/** The customer calendar on the week of `startTime`, with that slot marked. */
export function slotWeekHash(slot: { id: string; startTime: string }, zone = DEVICE_TIME_ZONE): string {
  return `#/slots?week=${dayKey(slot.startTime, zone)}&slotId=${slot.id}`
}

export function providerWeekHash(slot: { startTime: string }, zone = DEVICE_TIME_ZONE): string {
  return `#/provider-slots?week=${dayKey(slot.startTime, zone)}`
}

export function slotCard(page: Page, slotId: string): Locator {
  return page.locator(`[data-testid="slot-card"][data-slot-id="${slotId}"]`)
}

/** Resolves once the slot shows exactly `remaining` seats left. */
export async function waitForRemaining(
  page: Page,
  slotId: string,
  remaining: number,
  timeout?: number,
): Promise<void> {
  await page
    .locator(`[data-testid="slot-card"][data-slot-id="${slotId}"][data-remaining="${remaining}"]`)
    .waitFor({ timeout })
}

export async function waitForSlotState(
  page: Page,
  slotId: string,
  state: string,
  timeout?: number,
): Promise<void> {
  await page
    .locator(`[data-testid="slot-card"][data-slot-id="${slotId}"][data-state="${state}"]`)
    .waitFor({ timeout })
}

/** Opens the booking dialog from the slot card and books with the given notes. */
export async function bookSlot(page: Page, slotId: string, notes = ''): Promise<void> {
  await slotCard(page, slotId).click()
  const dialog = page.getByTestId('booking-dialog')
  if (notes) await dialog.getByTestId('booking-notes').fill(notes)
  await dialog.getByTestId('confirm-booking').click()
  await dialog.waitFor({ state: 'hidden' })
}

/**
 * In the open booking dialog, ticks "Book this time every week" and waits, as a customer reads it,
 * until the form says which weeks are published (it looks them up first).
 */
export async function openSeriesForm(dialog: Locator): Promise<void> {
  await dialog.getByTestId('book-weekly').check()
  await dialog.locator('[data-testid="series-published"][data-state="found"]').waitFor()
}

/** Online, nothing waiting to be pushed. */
export async function waitForSynced(page: Page, timeout?: number): Promise<void> {
  await page
    .locator('[data-testid="sync-indicator"][data-state="online"][data-pending="0"]')
    .waitFor({ timeout })
}

/** The app shell is cached and the service worker controls the page, so an offline reload starts the app. */
export async function waitForOfflineReady(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, {
    timeout: 15_000,
  })
}

const abortAsDisconnected = (route: { abort(code: string): Promise<void> }) =>
  route.abort('internetdisconnected')

/**
 * Cuts (or restores) the device's network. context.setOffline does not reach a service worker's own
 * fetches in Chromium (microsoft/playwright#2311), so every request is also aborted by a route; the
 * browser helper turns on service-worker network events so those fetches are routed too.
 */
export async function setDeviceOffline(context: BrowserContext, offline: boolean): Promise<void> {
  if (offline) {
    await context.route('**/*', abortAsDisconnected)
    await context.setOffline(true)
  } else {
    await context.unroute('**/*', abortAsDisconnected)
    await context.setOffline(false)
  }
}

export async function openMyBookings(page: Page): Promise<void> {
  await page.getByTestId('nav-bookings').click()
  await page.getByRole('heading', { name: 'My bookings' }).waitFor()
}

export function bookingCard(page: Page, slotId: string): Locator {
  return page.locator(`[data-testid="booking-card"][data-slot-id="${slotId}"]`)
}

export async function waitForBookingStatus(
  page: Page,
  slotId: string,
  status: string,
  timeout?: number,
): Promise<void> {
  await bookingCard(page, slotId)
    .locator(`[data-testid="booking-status"][data-status="${status}"]`)
    .waitFor({ timeout })
}
