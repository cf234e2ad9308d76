import { defineAction } from 'mini-interval'

class PaymentGatewayError extends Error {
  override name = 'PaymentGatewayError'
}

export default defineAction({
  name: 'Sync ledger (fails)',
  description: 'Shows how a thrown error ends a transaction',
  handler: async (io) => {
    const batch = await io.input.number('Batch size', { min: 1, max: 500, defaultValue: 50 })
    throw new PaymentGatewayError(`Gateway refused a batch of ${batch}`, { cause: new Error('HTTP 503 from gateway') })
  },
})
