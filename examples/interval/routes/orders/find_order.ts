import { Action, io, ctx } from '@interval/sdk'

const ORDERS: Record<string, { item: string; total: number }> = {
  A100: { item: 'Keyboard', total: 89 },
  A101: { item: 'Monitor', total: 240 },
}

export default new Action({
  name: 'Find order',
  description: 'Looks an order up by its number',
  handler: async () => {
    const id = await io.input.text('Order number', { placeholder: 'A100' })
    ctx.log(`looking up ${id}`)
    const order = ORDERS[id.trim().toUpperCase()]
    if (!order) throw new Error(`No order ${id}`)
    return { id, ...order }
  },
})
