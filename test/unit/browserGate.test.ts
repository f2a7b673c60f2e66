import { describe, expect, it } from 'vitest'
import { browserGate } from '../helpers/browserGate.js'

const nowhere = () => false
const everywhere = () => true

describe('browser gate', () => {
  it('runs the browser tests when Chromium is at CHROMIUM_PATH', () => {
    expect(browserGate({ CHROMIUM_PATH: '/opt/chrome' }, (p) => p === '/opt/chrome')).toEqual({
      run: true,
      path: '/opt/chrome',
    })
  })

  it('looks at /usr/bin/chromium by default', () => {
    expect(browserGate({}, (p) => p === '/usr/bin/chromium')).toMatchObject({ run: true })
  })

  it('skips with a line saying how to run them on a machine without Chromium', () => {
    const gate = browserGate({}, nowhere)
    expect(gate).toMatchObject({ run: false, fail: false })
    expect(gate.run === false && gate.message).toMatch(/install Chromium.*CHROMIUM_PATH/)
  })

  it('fails instead of skipping in CI', () => {
    expect(browserGate({ CI: 'true' }, nowhere)).toMatchObject({ run: false, fail: true })
    expect(browserGate({ CI: 'true' }, everywhere)).toMatchObject({ run: true })
  })
})
