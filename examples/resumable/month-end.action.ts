// One at a time: running this while it runs (in any VS Code window on this
// machine) shows the running transaction instead of starting a second one.
import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Month-end close',
  description: 'A singleton: only one can run at a time.',
  singleton: true,
  handler: async (io, ctx) => {
    const month = await io.input.text('Which month?', { placeholder: '2026-11' })
    const closedAt = ctx.now()
    await io.confirm(`Close ${month}?`)
    return { month, closedAt: new Date(closedAt).toISOString() }
  },
})
