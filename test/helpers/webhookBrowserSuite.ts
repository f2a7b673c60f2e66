/** A browser suite whose tests have a webhook receiver on 127.0.0.1 (started before them, closed after). */
import { afterAll } from 'vitest'
import { browserSuite } from './browserSuite.js'
import { type WebhookReceiver, startWebhookReceiver } from './webhookReceiver.js'

export function webhookBrowserSuite(): {
  suite: ReturnType<typeof browserSuite>
  /** The receiver, once the suite's set-up started it. */
  started(): WebhookReceiver
} {
  let receiver: WebhookReceiver | undefined
  const suite = browserSuite({
    async prepare() {
      receiver = await startWebhookReceiver()
    },
  })
  afterAll(async () => {
    await receiver?.close()
  })
  return {
    suite,
    started() {
      if (!receiver) throw new Error('the webhook receiver did not start')
      return receiver
    },
  }
}
