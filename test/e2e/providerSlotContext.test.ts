/**
 * A provider walk's findings on Requests and the slot dialog, in real Chromium: a request row never
 * said which service was asked for (a massage could not be told from a class); ten buttons were all
 * read as just "Confirm"/"Decline"; and on a fresh device, while the bookings were still arriving, a
 * full slot read "No bookings", its dialog "No bookings on this slot yet" with "Delete slot" enabled
 * and a capacity below its booked seats allowed.
 */
import type { Route } from 'playwright-core'
import { expect, it } from 'vitest'
import { formatLongDateTime } from '../../client/ui/calendarTime.js'
import { providerWeekHash, signInThroughUi, slotCard } from '../helpers/appDriver.js'
import { browserSuite, describeInBrowser } from '../helpers/browserSuite.js'
import { FIXTURE_PASSWORD, type TestUser } from '../helpers/testFixtures.js'

const TEST_MS = 120_000
const BOOKINGS_PULL = '**/api/replication/bookings/pull**'
/** How long a screen may take to show what it should, on a loaded machine. */
const EVENTUALLY = { timeout: 30_000 }

describeInBrowser('which service a request is for, and a slot whose bookings are still arriving', () => {
  const suite = browserSuite()

  async function bookAs(customer: Pick<TestUser, 'email'>, slotId: string): Promise<string> {
    const api = suite.server.api(await suite.server.signIn(customer.email))
    const booked = await api.post('/api/bookings', { slotId })
    expect(booked.status).toBe(201)
    return booked.body.id
  }

  it("names each request's service, and each button whose booking it answers", {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const zone = seed.providerA.timeZone
    const massage = await seed.createService('Deep tissue massage')
    const yoga = await seed.createService('Yoga class')
    const massageSlot = await seed.createSlot({ service: massage, hoursFromNow: 70, maxBookings: 2 })
    const yogaSlot = await seed.createSlot({ service: yoga, hoursFromNow: 71, maxBookings: 5 })
    const carla = await seed.createCustomer('carla')
    const dan = await seed.createCustomer('dan')
    const onMassage = await bookAs(carla, massageSlot.id)
    const onYoga = await bookAs(dan, yogaSlot.id)

    const { page } = await suite.device(seed.providerA, '#/inbox')
    const row = (id: string) => page.locator(`[data-testid="provider-booking"][data-booking-id="${id}"]`)
    const service = (id: string) => row(id).getByTestId('provider-booking-service')
    await expect.poll(() => service(onMassage).textContent(), EVENTUALLY).toBe(' · Deep tissue massage')
    await expect.poll(() => service(onYoga).textContent(), EVENTUALLY).toBe(' · Yoga class')

    // Each button says whose booking, of which service and when; its visible word stays.
    const massageAt = formatLongDateTime(massageSlot.startTime, zone)
    const confirm = row(onMassage).getByRole('button', {
      name: `Confirm ${carla.name}'s Deep tissue massage booking on ${massageAt}`,
      exact: true,
    })
    expect(await confirm.textContent()).toBe('Confirm')
    const decline = row(onYoga).getByRole('button', {
      name: `Decline ${dan.name}'s Yoga class booking on ${formatLongDateTime(yogaSlot.startTime, zone)}`,
      exact: true,
    })
    expect(await decline.textContent()).toBe('Decline')

    // The slot's dialog lists one slot: its buttons say whose booking and when.
    await page.goto(`/${providerWeekHash(massageSlot)}`)
    await slotCard(page, massageSlot.id).click()
    const dialog = page.getByTestId('slot-dialog')
    await dialog
      .getByRole('button', { name: `Decline ${carla.name}'s booking on ${massageAt}`, exact: true })
      .waitFor()
  })

  it("says a full slot's bookings are still loading, offering no delete and no capacity below them", {
    timeout: TEST_MS,
  }, async () => {
    const { seed } = suite.server
    const slot = await seed.createSlot({ hoursFromNow: 74, maxBookings: 3 })
    const booked = []
    for (const name of ['Ana', 'Ben', 'Cleo'])
      booked.push(await bookAs(await seed.createCustomer(name), slot.id))

    // A fresh device whose bookings are held back until the test lets them through: the slots arrive
    // first, as right after sign-in when a full week's bookings took seconds.
    const context = await suite.open()
    let letThrough = () => {}
    const gate = new Promise<void>((resolve) => {
      letThrough = resolve
    })
    const held: Route[] = []
    await context.route(BOOKINGS_PULL, (route) => {
      held.push(route)
      void gate.then(() => route.continue())
    })
    const page = await context.newPage()
    await signInThroughUi(page, seed.providerA.email, FIXTURE_PASSWORD, providerWeekHash(slot))
    await expect.poll(() => held.length, EVENTUALLY).toBeGreaterThan(0)

    const card = slotCard(page, slot.id)
    const summary = card.locator('.slot-card__bookings')
    await expect.poll(() => summary.textContent(), EVENTUALLY).toBe('3 bookings, still loading…')
    await card.click()
    const dialog = page.getByTestId('slot-dialog')
    await expect
      .poll(() => dialog.getByTestId('loading').textContent(), EVENTUALLY)
      .toBe('3 bookings, still loading…')
    expect(await dialog.getByText('No bookings on this slot yet').count()).toBe(0)
    expect(await dialog.getByTestId('delete-slot').isDisabled()).toBe(true)
    expect(await dialog.getByTestId('delete-slot-hint').textContent()).toBe(
      'To delete this slot, cancel its 3 bookings first.',
    )
    const capacity = dialog.getByTestId('capacity-input')
    expect(await capacity.getAttribute('min')).toBe('3')
    await capacity.fill('2')
    expect(await dialog.getByTestId('save-capacity').isDisabled()).toBe(true)
    await capacity.fill('3')

    // The bookings arrive: they are listed, and the card counts them by status.
    letThrough()
    const rows = dialog.getByTestId('provider-booking')
    await expect.poll(() => rows.count(), EVENTUALLY).toBe(3)
    expect(await dialog.getByTestId('loading').count()).toBe(0)
    expect(
      (await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-booking-id')))).sort(),
    ).toEqual([...booked].sort())
    await page.keyboard.press('Escape')
    await expect.poll(() => summary.textContent(), EVENTUALLY).toBe('3 to confirm')
  })
})
