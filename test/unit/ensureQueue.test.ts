/**
 * Several server processes starting at once each create pg-boss's delivery queue
 * (server/webhooks/webhookQueue.ts ensureQueue): the loser's duplicate means the queue exists, and a
 * deadlock between them (PostgreSQL aborts one, 40P01; once in CI the second server exited on it) is
 * tried again. Anything else is an error.
 */
import { describe, expect, it } from 'vitest'
import { ensureQueue } from '../../server/webhooks/webhookQueue.js'

function bossFailingWith(...codes: (string | null)[]) {
  let calls = 0
  return {
    get calls() {
      return calls
    },
    createQueue: async () => {
      const code = codes[calls++]
      if (code) throw Object.assign(new Error(`failed with ${code}`), { code })
    },
  }
}

describe('ensureQueue', () => {
  it('tries again after a deadlock, and takes a duplicate as done', async () => {
    const deadlocked = bossFailingWith('40P01', '40P01', null)
    await ensureQueue(deadlocked, 'q', { name: 'q' })
    expect(deadlocked.calls).toBe(3)
    const duplicate = bossFailingWith('23505')
    await ensureQueue(duplicate, 'q', { name: 'q' })
    expect(duplicate.calls).toBe(1)
  })

  it('gives up on other errors and on deadlocks that do not end', async () => {
    await expect(ensureQueue(bossFailingWith('42501'), 'q', { name: 'q' })).rejects.toThrow('42501')
    const stuck = bossFailingWith('40P01', '40P01', '40P01', '40P01', '40P01', null)
    await expect(ensureQueue(stuck, 'q', { name: 'q' })).rejects.toThrow('40P01')
    expect(stuck.calls).toBe(5)
  })
})
