// The human step of refund-approval.workflow.json: a person approves (or not)
// in the middle of the workflow; what this returns is the step's result.
import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Approve refund',
  description: 'Asked by the refund workflow; run on its own it approves a refund of nothing.',
  unlisted: true,
  handler: async (io, ctx) => {
    const { results } = ctx.params as { results?: { validate?: { total?: number } } }
    const total = results?.validate?.total ?? 0
    const [reason, approved] = await io.group([
      io.input.text('Reason for the refund', { placeholder: 'Damaged in transit' }),
      io.input.boolean(`Approve refunding ${total}?`, { defaultValue: true }),
    ])
    return { approved, reason }
  },
})
