import { describe, expect, it } from 'vitest'
import { contrastRatio } from '../helpers/contrast.js'

describe('contrast ratio (used by the e2e colour checks)', () => {
  it('matches the WCAG figures', () => {
    expect(contrastRatio('rgb(0, 0, 0)', 'rgb(255, 255, 255)')).toBeCloseTo(21)
    expect(contrastRatio('rgb(21, 128, 61)', 'rgb(231, 246, 236)')).toBeCloseTo(4.48, 1) // the badge
  })
})
