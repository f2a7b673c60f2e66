/**
 * The browser's Back and open dialogs (client/ui/dialogHistory.ts), on a fake history that behaves as
 * the browser's: pushState drops the entries ahead, history.go() lands later (in a task of its own)
 * with a popstate. A walk on a phone found Back leaving the app from behind an open booking dialog.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createDialogHistory, type HistoryHost } from '../../client/ui/dialogHistory.js'

const hashOf = (url: string) => url.slice(url.indexOf('#'))

function fakeBrowser(entries: { state: unknown; hash: string }[] = [{ state: null, hash: '#/slots' }]) {
  let index = entries.length - 1
  const listeners: ((event: { state: unknown }) => void)[] = []
  const traversals: number[] = []
  const current = () => entries[index] ?? { state: null, hash: '' }
  const land = (delta: number) => {
    index = Math.min(Math.max(index + delta, 0), entries.length - 1)
    for (const listener of listeners) listener({ state: current().state })
  }
  const host: HistoryHost = {
    history: {
      get state() {
        return current().state
      },
      pushState(state, _unused, url = current().hash) {
        entries.splice(index + 1, entries.length, { state, hash: hashOf(url) })
        index++
      },
      replaceState(state, _unused, url = current().hash) {
        entries[index] = { state, hash: hashOf(url) }
      },
      go(delta) {
        traversals.push(delta)
      },
    },
    location: {
      get href() {
        return `https://app.test/${current().hash}`
      },
      get hash() {
        return current().hash
      },
    },
    addEventListener(_type, listener) {
      listeners.push(listener)
    },
  }
  return {
    history: createDialogHistory(host),
    /** Tasks due now run, and the history.go() calls they made land, each with its popstate. */
    settle() {
      vi.advanceTimersByTime(0)
      while (traversals.length > 0) {
        land(traversals.shift() ?? 0)
        vi.advanceTimersByTime(0)
      }
    },
    /** A plain link to `hash` is followed (a fragment navigation: a new entry and a popstate). */
    follow(hash: string) {
      host.history.pushState(null, '', hash)
      for (const listener of listeners) listener({ state: null })
    },
    /** The user presses the browser's Back. */
    back() {
      land(-1)
    },
    /** The pages in the history, the current one marked with ">". */
    pages() {
      return entries.map((entry, i) => `${i === index ? '>' : ''}${entry.hash}`)
    },
  }
}

describe('dialogHistory', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('Back closes an open dialog and the page stays', () => {
    const browser = fakeBrowser()
    const close = vi.fn()
    browser.history.opened(close)
    expect(browser.pages()).toEqual(['#/slots', '>#/slots'])
    browser.back()
    expect(close).toHaveBeenCalledOnce()
    expect(browser.pages()).toEqual(['>#/slots', '#/slots'])
  })

  it('a dialog closed otherwise takes its entry back off: the next page is one Back away', () => {
    const browser = fakeBrowser()
    const close = vi.fn()
    const closed = browser.history.opened(close)
    closed()
    browser.settle()
    expect(browser.pages()).toEqual(['>#/slots', '#/slots'])
    browser.history.navigate('#/bookings')
    expect(browser.pages()).toEqual(['#/slots', '>#/bookings'])
    browser.back()
    expect(close).not.toHaveBeenCalled()
    expect(browser.pages()).toEqual(['>#/slots', '#/bookings'])
  })

  it('a page opened while that entry is being removed waits for it, instead of being stepped off', () => {
    const browser = fakeBrowser()
    browser.history.opened(() => {})()
    browser.history.navigate('#/bookings')
    browser.settle()
    expect(browser.pages()).toEqual(['#/slots', '>#/bookings'])
  })

  it('one dialog closing as another opens: the new one keeps its entry and Back closes it alone', () => {
    const browser = fakeBrowser()
    const first = vi.fn()
    const second = vi.fn()
    const closeFirst = browser.history.opened(first)
    closeFirst()
    browser.history.opened(second)
    browser.settle()
    expect(browser.pages()).toEqual(['#/slots', '>#/slots'])
    expect(second).not.toHaveBeenCalled()
    browser.back()
    expect(second).toHaveBeenCalledOnce()
    expect(first).not.toHaveBeenCalled()
  })

  it('a page opened from a dialog replaces its entry, so Back from that page returns to the one before', () => {
    const browser = fakeBrowser()
    const closed = browser.history.opened(() => {})
    browser.history.navigate('#/slots?week=2026-12-07')
    closed()
    browser.settle()
    expect(browser.pages()).toEqual(['#/slots', '>#/slots?week=2026-12-07'])
  })

  it('nested dialogs: Back closes the top one first; closing both takes both entries', () => {
    const browser = fakeBrowser()
    const outer = vi.fn()
    const inner = vi.fn()
    browser.history.opened(outer)
    browser.history.opened(inner)
    browser.back()
    expect([outer.mock.calls.length, inner.mock.calls.length]).toEqual([0, 1])
    browser.back()
    expect([outer.mock.calls.length, inner.mock.calls.length]).toEqual([1, 1])

    const again = fakeBrowser()
    const closeOuter = again.history.opened(() => {})
    const closeInner = again.history.opened(() => {})
    closeOuter()
    again.settle()
    expect(again.pages()).toEqual(['#/slots', '#/slots', '>#/slots'])
    closeInner()
    again.settle()
    expect(again.pages()[0]).toBe('>#/slots')
  })

  it('never steps onto an entry a dialog left before a reload (that would load the page again)', () => {
    const browser = fakeBrowser([
      { state: null, hash: '#/slots' },
      { state: { openDialogs: ['before-reload'] }, hash: '#/slots' },
    ])
    browser.history.opened(() => {})()
    browser.settle()
    expect(browser.pages()).toEqual(['#/slots', '>#/slots', '#/slots'])
  })

  it('a link that closes the dialog as it is followed keeps its page (its entry stays under it)', () => {
    const browser = fakeBrowser()
    const close = vi.fn()
    const closed = browser.history.opened(close)
    closed() // the link's click handler, before the browser follows it
    browser.follow('#/services')
    browser.settle()
    expect(browser.pages()).toEqual(['#/slots', '#/slots', '>#/services'])
    expect(close).not.toHaveBeenCalled()
  })

  it('writes resume if the popstate of its own step back never comes', () => {
    const browser = fakeBrowser()
    browser.history.opened(() => {})()
    vi.advanceTimersByTime(0)
    browser.history.navigate('#/bookings')
    expect(browser.pages()).toEqual(['#/slots', '>#/slots'])
    vi.advanceTimersByTime(1_000)
    expect(browser.pages()).toEqual(['#/slots', '>#/bookings'])
  })
})
