/**
 * What customers and providers see, in real Chromium (issue 14): a pending booking says pending, a
 * slot you hold opens your booking, a full slot explains itself, toasts stay above dialogs and name
 * the day, readable colours, provider times in the provider's zone, past and overlapping slots
 * refused with a preview, and the phone layout. Screenshots at desktop and phone width.
 */
import { tz } from '@date-fns/tz'
import { addDays, addWeeks, format, startOfWeek } from 'date-fns'
import type { Locator, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import {
  bookingCard,
  openMyBookings,
  providerWeekHash,
  slotCard,
  slotWeekHash,
  waitForRemaining,
  waitForSynced,
} from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { contrastRatio } from '../helpers/contrast.js'
import { startSlotNow } from '../helpers/pastBookings.js'
import type { TestUser } from '../helpers/testFixtures.js'

const TEST_MS = 90_000
const PHONE = 390

/** Foreground and background of an element as the browser paints them (the first opaque background up the tree). */
async function paintedColours(locator: Locator): Promise<{ color: string; background: string }> {
  return locator.evaluate((element) => {
    let node: Element | null = element
    let background = 'rgb(255, 255, 255)'
    while (node) {
      const bg = getComputedStyle(node).backgroundColor
      if (bg && bg !== 'transparent' && !bg.startsWith('rgba(0, 0, 0, 0)')) {
        background = bg
        break
      }
      node = node.parentElement
    }
    return { color: getComputedStyle(element).color, background }
  })
}

/** A note at the 500-character limit, with line breaks. */
const LONG_NOTE =
  `Left knee, since March.\n${'Pain when climbing stairs, better after rest. '.repeat(10)}\nThanks!`.slice(
    0,
    500,
  )

/**
 * The buttons, links and fields one can press that `cover` is painted over (none inside it; behind an
 * open modal dialog only the dialog's own, the rest is inert), as short HTML for the failure message.
 * A control whose top was above the screen before the page moved down for the toast (by the body's
 * top padding) is not counted: only its part that was off screen is under the toast.
 */
async function controlsUnder(page: Page, cover: Locator): Promise<string[]> {
  const box = await cover.boundingBox()
  if (!box) throw new Error('nothing covering')
  return page.evaluate((b) => {
    const modal = document.querySelector('dialog[open]')
    const moved = modal ? 0 : Number.parseFloat(getComputedStyle(document.body).paddingTop)
    return [...document.querySelectorAll('button, a[href], input, select, textarea, summary')]
      .filter((el) => !el.closest('[data-testid="toasts"]') && (!modal || modal.contains(el)))
      .filter((el) => {
        const r = el.getBoundingClientRect()
        return (
          r.width > 0 &&
          r.height > 0 &&
          r.top - moved >= 0 &&
          r.left < b.x + b.width &&
          r.right > b.x &&
          r.top < b.y + b.height &&
          r.bottom > b.y
        )
      })
      .map((el) => el.outerHTML.slice(0, 100))
  }, box)
}

/** The toast's own background, #1f2937. */
const TOAST_BACKGROUND = [31, 41, 55]

/** The colour painted at a point of the viewport, read from a screenshot. */
async function pixelAt(page: Page, x: number, y: number): Promise<number[]> {
  const png = await page.screenshot({ clip: { x: Math.round(x), y: Math.round(y), width: 1, height: 1 } })
  return page.evaluate(async (base64) => {
    const image = new Image()
    image.src = `data:image/png;base64,${base64}`
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = 1
    canvas.height = 1
    const context = canvas.getContext('2d')
    if (!context) throw new Error('no 2d canvas')
    context.drawImage(image, 0, 0)
    return [...context.getImageData(0, 0, 1, 1).data.slice(0, 3)]
  }, png.toString('base64'))
}

/** `inner` is painted within `outer`'s box (a long word did not push it out sideways). */
async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const [a, b] = await Promise.all([inner.boundingBox(), outer.boundingBox()])
  if (!a || !b) throw new Error('not on screen')
  expect(a.x).toBeGreaterThanOrEqual(b.x)
  expect(a.x + a.width).toBeLessThanOrEqual(b.x + b.width + 0.5)
}

async function expectReadable(locator: Locator): Promise<void> {
  const { color, background } = await paintedColours(locator)
  expect(contrastRatio(color, background), `${color} on ${background}`).toBeGreaterThanOrEqual(4.5)
}

describeInBrowser('customer and provider experience in Chromium', () => {
  const suite = browserSuite()
  const device = (user: Pick<TestUser, 'email' | 'password'>, hash: string, width?: number) =>
    suite.device(user, hash, { width })
  const screenshot = (page: Page, name: string, fullPage = false) => suite.screenshot(page, name, fullPage)

  it('a pending booking says pending; the slot then opens your booking, the toast names the day and stays above the dialog', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    // providerA confirms by hand, so the booking stays PENDING.
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3, hoursFromNow: 30 })
    const { page } = await device(seed.customerA, slotWeekHash(slot))
    await waitForRemaining(page, slot.id, 3)
    await screenshot(page, 'customer-week-desktop', true)

    await slotCard(page, slot.id).click()
    const dialog = page.getByTestId('booking-dialog')
    await screenshot(page, 'booking-dialog-desktop')
    await dialog.getByTestId('booking-notes').fill('Lower back')
    await dialog.getByTestId('confirm-booking').click()
    await dialog.waitFor({ state: 'hidden' })
    const toast = page.getByTestId('toasts')
    const day = format(new Date(slot.startTime), 'EEE d MMM', { in: tz('Europe/Berlin') })
    expect(await toast.textContent()).toContain(`on ${day} at`)
    await waitForSynced(page)
    // The provider confirms by hand: once the server answered, the toast says requested, not booked.
    await expect.poll(() => toast.textContent()).toContain('It awaits the provider’s confirmation.')
    expect(await toast.textContent()).toContain(`Requested`)
    expect(await toast.textContent()).not.toContain('Booked')

    const note = slotCard(page, slot.id).getByTestId('own-booking')
    await expect.poll(() => note.getAttribute('data-status')).toBe('PENDING')
    expect(await note.textContent()).toContain('pending')
    expect(await note.textContent()).not.toContain('You are booked')

    // The slot now opens the customer's own booking, with its status and a way to cancel.
    await slotCard(page, slot.id).click()
    await dialog.getByTestId('own-booking-details').waitFor()
    expect(await dialog.getByTestId('booking-status').getAttribute('data-status')).toBe('PENDING')
    expect(await dialog.locator('h2').textContent()).toBe('Your booking')
    // With the note the customer wrote (the dialog gave only status and reference).
    expect(await dialog.getByTestId('own-booking-notes').textContent()).toContain('Lower back')
    // The toast of the booking is still up, painted above the modal's backdrop (which would dim it).
    // Hit-testing cannot tell (content outside a modal is inert), so read the painted pixel.
    const box = await toast.boundingBox()
    if (!box) throw new Error('no toast on screen')
    expect(await pixelAt(page, box.x + 6, box.y + box.height / 2)).toEqual(TOAST_BACKGROUND)

    await dialog.getByTestId('cancel-booking').click()
    const yes = dialog.getByTestId('cancel-booking-confirm')
    await yes.hover()
    await page.waitForTimeout(250) // the hover transition
    await expectReadable(yes)
    await yes.click()
    await dialog.waitFor({ state: 'hidden' })
    await waitForRemaining(page, slot.id, 3)
    await expect.poll(() => slotCard(page, slot.id).getByTestId('own-booking').count()).toBe(0)
  })

  it("the browser's Back closes an open dialog and stays on its page; a dialog closed otherwise leaves no step behind", {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const customer = await seed.createCustomer('back-button')
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 35 })
    const held = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 36 })
    const api = suite.server.api(await suite.server.signIn(customer.email))
    expect((await api.post('/api/bookings', { slotId: held.id })).status).toBe(201)
    const { page } = await device(customer, slotWeekHash(slot), PHONE)
    await waitForRemaining(page, slot.id, 2)
    const week = page.url()
    const steps = () => page.evaluate(() => window.history.length)
    const before = await steps()

    // Back with the booking dialog open: the dialog closes, the week stays (it left the app).
    const dialog = page.getByTestId('booking-dialog')
    await slotCard(page, slot.id).click()
    await dialog.getByTestId('confirm-booking').waitFor()
    await page.goBack()
    await dialog.waitFor({ state: 'hidden' })
    expect(page.url()).toBe(week)
    await slotCard(page, slot.id).waitFor()

    // Closed with its own button, it takes its step back: the next page is one Back away.
    await slotCard(page, slot.id).click()
    await dialog.getByTestId('confirm-booking').waitFor()
    await dialog.getByRole('button', { name: 'Close' }).first().click()
    await dialog.waitFor({ state: 'hidden' })
    await openMyBookings(page)
    expect(await steps()).toBe(before + 1)

    // The reschedule dialog too: Back closes it on My bookings.
    const bookings = page.url()
    await bookingCard(page, held.id).getByTestId('reschedule-booking').click()
    const reschedule = page.getByTestId('reschedule-dialog')
    await reschedule.getByTestId('reschedule-option').first().waitFor()
    await page.goBack()
    await reschedule.waitFor({ state: 'hidden' })
    expect(page.url()).toBe(bookings)
    await bookingCard(page, held.id).waitFor()
    // Escape closes it as before, and the one Back after it returns to the week.
    await bookingCard(page, held.id).getByTestId('reschedule-booking').click()
    await reschedule.getByTestId('reschedule-option').first().waitFor()
    await page.keyboard.press('Escape')
    await reschedule.waitFor({ state: 'hidden' })
    // Its entry goes in the next moments (a person's next press comes long after).
    await page.waitForFunction(() => window.history.state === null)
    await page.goBack()
    await slotCard(page, slot.id).waitFor()
    expect(page.url()).toBe(week)
  })

  it('a full slot explains itself; state colours are readable', { timeout: TEST_MS }, async () => {
    const { seed } = suite.server
    const full = await seed.createSlot({ provider: seed.providerB, maxBookings: 1, hoursFromNow: 31 })
    const res = await suite.server
      .api(await suite.server.signIn(seed.customerB.email))
      .post('/api/bookings', { slotId: full.id, notes: '' })
    expect(res.status).toBe(201)
    const { page } = await device(seed.customerA, slotWeekHash(full))
    await waitForRemaining(page, full.id, 0)
    await slotCard(page, full.id).click()
    // A full slot opens its waitlist, which says why it cannot be booked and offers to wait.
    const dialog = page.getByTestId('waitlist-dialog')
    await dialog.getByTestId('slot-full-note').waitFor()
    expect(await dialog.locator('h2').textContent()).toBe('This slot is full')
    expect(await dialog.getByTestId('confirm-booking').count()).toBe(0)
    await page.keyboard.press('Escape')

    for (const badge of await page.getByTestId('slot-state').all()) await expectReadable(badge)
    const empty = page.locator('.week-grid__none').first()
    if ((await empty.count()) > 0) await expectReadable(empty)

    // From an empty week far ahead, "Next available" jumps to the earliest slot still bookable.
    const farAhead = format(addWeeks(new Date(), 10), 'yyyy-MM-dd')
    await page.goto(`/#/slots?week=${farAhead}`)
    await page.getByTestId('empty').waitFor()
    await page.getByTestId('next-available').click()
    const jumped = page.locator('.slot-card--highlighted')
    await jumped.waitFor()
    expect(await jumped.getAttribute('data-state')).toBe('available')
  })

  it("the provider enters and reads times in the provider's zone; past and overlapping slots are refused, with a preview", {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const zone = 'America/New_York' // providerB's zone; the device is in Europe/Berlin
    const monday = startOfWeek(addWeeks(new Date(), 3), { weekStartsOn: 1, in: tz(zone) })
    const day = (offset: number) => format(addDays(monday, offset), 'yyyy-MM-dd', { in: tz(zone) })
    const { page } = await device(seed.providerB, `#/provider-slots?week=${day(0)}`)
    expect(await page.getByTestId('time-zone').textContent()).toContain(zone)

    await page.getByTestId('new-slots').click()
    const dialog = page.getByTestId('create-slots-dialog')
    expect(await dialog.getByTestId('slot-form-zone').textContent()).toContain(zone)
    await dialog.getByTestId('slot-date').fill(day(0))
    await dialog.getByTestId('slot-time').fill('09:00')
    await dialog.getByTestId('create-slots').click()
    await dialog.waitFor({ state: 'hidden' })
    const monday0900 = page.getByRole('region', { name: format(monday, 'EEE d MMM', { in: tz(zone) }) })
    await expect
      .poll(() => monday0900.getByTestId('slot-card').first().textContent())
      .toContain('09:00–10:00')

    // The same 09:00 through the weekly pattern lands on the same instant, so Monday's is skipped.
    await page.getByTestId('new-slots').click()
    await dialog.getByLabel('Weekly pattern').check()
    expect(await dialog.getByTestId('slot-form-zone').textContent()).toContain(zone)
    await dialog.getByLabel('From').fill(day(0))
    await dialog.getByLabel('Until (inclusive)').fill(day(1))
    await dialog.getByLabel(/Start times/).fill('09:00')
    const preview = dialog.getByTestId('placement-preview')
    await expect.poll(() => preview.getByTestId('preview-create').textContent()).toBe('Creates 1 slot')
    expect(await preview.getByTestId('preview-skip').textContent()).toContain('skips 1 slot')
    expect(await preview.locator('[data-reason="SLOT_OVERLAPS"]').count()).toBe(1)
    await screenshot(page, 'provider-weekly-preview')
    await dialog.getByTestId('create-slots').click()
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.getByTestId('slot-card').count()).toBe(2)

    // A start in the past is refused in the form before anything is sent.
    await page.getByTestId('new-slots').click()
    const yesterday = format(addDays(new Date(), -1), 'yyyy-MM-dd', { in: tz(zone) })
    await dialog.getByTestId('slot-date').fill(yesterday)
    await dialog.getByTestId('slot-refusal').waitFor()
    expect(await dialog.getByTestId('slot-refusal').textContent()).toContain('past')
    expect(await dialog.getByTestId('create-slots').isDisabled()).toBe(true)
  })

  it('a provider cancels only after giving a reason, and the customer reads it in My bookings; long unbroken text wraps', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 33 })
    // A note and a reason without a single space: they wrap inside their cards, never run past them.
    const longNote = 'n'.repeat(400)
    const longReason = `I am ill that day, sorry. ${'r'.repeat(300)}`
    const booked = await suite.server
      .api(await suite.server.signIn(seed.customerB.email))
      .post('/api/bookings', { slotId: slot.id, notes: longNote })
    expect(booked.status).toBe(201)
    const provider = await device(seed.providerA, providerWeekHash(slot))
    await slotCard(provider.page, slot.id).click()
    const booking = provider.page.getByTestId('slot-dialog').getByTestId('provider-booking')
    await booking.getByTestId('provider-booking-reference').waitFor()
    expect(await booking.textContent()).toMatch(/UNI-\w+ · made /)
    expect(await booking.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0)
    await expectInside(booking.getByText(longNote), booking)
    await booking.getByTestId('provider-cancel').click()
    // Nothing happened yet: the form asks why, and will not act without a reason.
    expect(await booking.getAttribute('data-status')).toBe('PENDING')
    expect(await booking.getByTestId('provider-cancel-confirm').isDisabled()).toBe(true)
    await booking.getByTestId('provider-cancel-reason').fill(longReason)
    await booking.getByTestId('provider-cancel-confirm').click()
    await provider.page.locator('[data-testid="provider-booking"][data-status="CANCELLED"]').waitFor()
    await waitForSynced(provider.page)

    const customer = await device(seed.customerB, slotWeekHash(slot))
    await openMyBookings(customer.page)
    const card = customer.page.locator(`[data-testid="booking-card"][data-slot-id="${slot.id}"]`)
    await card.locator('[data-testid="booking-status"][data-status="CANCELLED"]').waitFor()
    expect(await card.getByTestId('status-reason').textContent()).toContain('I am ill that day, sorry.')
    await expectInside(card.getByTestId('status-reason'), card)
    await expectInside(card.getByText(longNote), card)
  })

  it('on a phone: no past days above the first slot, no sideways scroll, whole names; screenshots', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const soon = await seed.createSlot({ provider: seed.providerA, maxBookings: 2, hoursFromNow: 32 })
    const { page } = await device(seed.customerC, slotWeekHash(soon), PHONE)
    await waitForRemaining(page, soon.id, 2)
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
    ).toBeLessThanOrEqual(0)
    // The header is one row and the tabs (it wrapped to four rows, about 190 px of an 844 px screen),
    // and everything in it is still there, inside it.
    const header = await page.locator('header.topbar').boundingBox()
    if (!header) throw new Error('no header on screen')
    expect(header.height).toBeLessThanOrEqual(100)
    for (const id of [
      'organisation-name',
      'notification-bell',
      'open-profile',
      'sign-out',
      'sync-indicator',
    ]) {
      const box = await page.getByTestId(id).boundingBox()
      expect(box, id).not.toBeNull()
      if (box) expect(box.y + box.height, id).toBeLessThanOrEqual(header.y + header.height)
    }
    for (const tab of await page.getByRole('navigation', { name: 'Main' }).getByRole('link').all())
      expect(await tab.isVisible()).toBe(true)
    for (const pastDay of await page.locator('.week-grid__day--past').all())
      expect(await pastDay.isVisible()).toBe(false)
    for (const name of await page.locator('.slot-card__provider, .slot-card__service').all()) {
      expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
    }
    await screenshot(page, 'customer-week-phone', true)
    await slotCard(page, soon.id).click()
    await screenshot(page, 'booking-dialog-phone')
    const dialog = page.getByTestId('booking-dialog')
    await dialog.getByTestId('booking-notes').fill(LONG_NOTE)
    await dialog.getByTestId('confirm-booking').click()
    await dialog.waitFor({ state: 'hidden' })
    // The booking's toast covers no button: on a phone it sits on top and the page moves down. It reads
    // "Booking …" until the server answers, then "Requested …" (this provider confirms by hand).
    const toast = page.getByTestId('toasts')
    expect(await toast.textContent()).toMatch(/Booking|Requested/)
    await expect.poll(() => controlsUnder(page, toast), { timeout: 1_000 }).toEqual([])
    await slotCard(page, soon.id).click()
    await dialog.getByTestId('own-booking-details').waitFor()
    await expect.poll(() => controlsUnder(page, toast), { timeout: 1_000 }).toEqual([])
    // In the dialog the note keeps its line breaks, as on the card below.
    const dialogNote = dialog.getByTestId('own-booking-notes')
    expect(await dialogNote.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-line')
    await dialog.getByRole('button', { name: 'Close' }).last().click()
    await dialog.waitFor({ state: 'hidden' })
    // Dismissable before its time is up.
    await toast.getByTestId('toast-dismiss').click()
    await expect.poll(() => toast.textContent()).toBe('')
    await waitForSynced(page)
    await openMyBookings(page)
    await page.getByTestId('booking-reference').first().waitFor()
    // The long note: its line breaks kept, a few lines until "Show more" opens it (and closes it again).
    const card = bookingCard(page, soon.id)
    const note = card.getByTestId('booking-notes-text')
    expect(await note.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe('pre-line')
    const clamped = await note.evaluate((el) => el.getBoundingClientRect().height)
    expect(clamped).toBeLessThan(120)
    const more = card.getByRole('button', { name: 'Show more' })
    expect(await more.getAttribute('aria-expanded')).toBe('false')
    await more.click()
    const less = card.getByRole('button', { name: 'Show less' })
    expect(await less.getAttribute('aria-expanded')).toBe('true')
    expect(await note.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(clamped * 2)
    await less.click()
    await screenshot(page, 'my-bookings-phone', true)
    await page.setViewportSize({ width: 1280, height: 860 })
    await screenshot(page, 'my-bookings-desktop', true)
  })

  it('a slot that has started shows no seat count (none would be the same for every viewer)', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const started = await seed.createSlot({
      provider: seed.providerA,
      maxBookings: 1,
      startTime: new Date(Date.now() - 60_000).toISOString(),
    })
    const { page } = await device(seed.customerA, slotWeekHash(started))
    const card = slotCard(page, started.id)
    await card.waitFor()
    expect(await card.getAttribute('data-state')).toBe('past')
    expect(await card.getByTestId('slot-remaining').count()).toBe(0)
  })

  it('"Mark completed" waits for the slot to start: disabled with its hint before, taken after', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 1, hoursFromNow: 30 })
    const booked = await suite.server
      .api(await suite.server.signIn(seed.customerA.email))
      .post('/api/bookings', { slotId: slot.id })
    const provider = suite.server.api(await suite.server.signIn(seed.providerA.email))
    const path = `/api/bookings/${booked.body.id}`
    expect((await provider.patch(path, { status: 'CONFIRMED' })).status).toBe(200)

    const before = await device(seed.providerA, providerWeekHash(slot))
    await slotCard(before.page, slot.id).click()
    const confirmed = '[data-testid="provider-booking"][data-status="CONFIRMED"]'
    const booking = before.page.getByTestId('slot-dialog').locator(confirmed)
    const complete = booking.getByTestId('booking-step-completed')
    await complete.waitFor()
    expect(await complete.isDisabled()).toBe(true)
    const hint = booking.getByTestId('booking-step-hint')
    expect(await hint.textContent()).toMatch(/^Mark completed once the slot starts \(.+\)\.$/)
    expect(await complete.getAttribute('aria-describedby')).toBe(await hint.getAttribute('id'))
    await expectReadable(hint)

    // The session begins: the same booking is offered "Mark completed", and it is taken.
    await startSlotNow(suite.server.db, slot.id)
    const started = (await provider.get(`/api/slots/${slot.id}`)).body
    const after = await device(seed.providerA, providerWeekHash(started))
    await slotCard(after.page, slot.id).click()
    const now = after.page.getByTestId('slot-dialog').locator(confirmed)
    await now.getByTestId('booking-step-completed').click()
    await after.page.locator('[data-testid="provider-booking"][data-status="COMPLETED"]').waitFor()
    await waitForSynced(after.page)
    expect((await provider.get(path)).body.status).toBe('COMPLETED')
  })

  it('the provider answers every pending request from one inbox, all at once', {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ provider: seed.providerA, maxBookings: 3, hoursFromNow: 34 })
    for (const customer of [seed.customerA, seed.customerC]) {
      const res = await suite.server
        .api(await suite.server.signIn(customer.email))
        .post('/api/bookings', { slotId: slot.id, notes: 'First time' })
      expect(res.status).toBe(201)
    }
    const { page } = await device(seed.providerA, '#/inbox')
    const requests = page.getByTestId('provider-booking')
    await expect.poll(() => requests.count()).toBeGreaterThanOrEqual(2)
    expect(await page.getByTestId('provider-booking-slot').first().textContent()).toMatch(/for \w+day/)
    await screenshot(page, 'provider-inbox-desktop', true)
    await page.setViewportSize({ width: PHONE, height: 860 })
    await screenshot(page, 'provider-inbox-phone', true)
    await page.getByTestId('confirm-all').click()
    await page.getByTestId('confirm-all-confirm').click() // it asks first
    await page.getByTestId('empty').waitFor()
    await waitForSynced(page)
    const onServer = await suite.server
      .api(await suite.server.signIn(seed.providerA.email))
      .get(`/api/bookings?slotId=${slot.id}`)
    expect(onServer.body.map((b: { status: string }) => b.status)).toEqual(['CONFIRMED', 'CONFIRMED'])
  })
})
