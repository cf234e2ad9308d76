import { Action, io, ctx } from '@interval/sdk'

const ORDERS: Record<string, { item: string; total: number }> = {
  A100: { item: 'Keyboard', total: 89 },
  A101: { item: 'Monitor', total: 240 },
}

export default new Action({
  name: 'Find order',
  description: 'Looks an order up by its number',
  handler: async () => {
    // Opened from the Orders page's menu, the number comes as a param.
    const given = typeof ctx.params.id === 'string' ? ctx.params.id : undefined
    const id = await io.input.text('Order number', { placeholder: 'A100', ...(given ? { defaultValue: given } : {}) })
    ctx.log(`looking up ${id}`)
    const order = ORDERS[id.trim().toUpperCase()]
    if (!order) throw new Error(`No order ${id}`)
    return { id, ...order }
  },
})
