// A durable action: reload the window (or let VS Code crash) between any two
// prompts and it resumes where it stopped. The refund and the email are
// `ctx.run` steps, so they happen once even when the transaction resumes.
import { appendFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Refund order',
  description: 'Three prompts and two durable steps: survives a reload at any point.',
  handler: async (io, ctx) => {
    // Where this example "sends" things: a file, so you can see each happens once.
    const outbox = String(ctx.params.outbox ?? join(tmpdir(), 'mini-interval-outbox.log'))
    const order = await io.input.text('Order number', { placeholder: 'ord_123' })
    const amount = await io.input.number('Amount to refund', { min: 1, currency: 'USD' })
    const refund = await ctx.run('refund', () => {
      appendFileSync(outbox, `refund ${order} ${amount}\n`)
      return { id: `re_${order}_${amount}` }
    }, { retry: { maxAttempts: 3, initialDelayMs: 200 } })
    const note = await io.input.text('Note to the customer', { multiline: true })
    await ctx.run('email', async () => {
      // Slow on purpose (ctx.params.slowMs): the integration suite kills VS Code while this runs.
      await new Promise((r) => setTimeout(r, Number(ctx.params.slowMs ?? 0)))
      appendFileSync(outbox, `email ${order} ${note}\n`)
    })
    return { order, amount, refund: refund.id, note }
  },
})
