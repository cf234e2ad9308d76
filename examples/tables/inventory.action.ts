// 10,000 rows in pages of 25: sort a column, page through, pick an item.
import { defineAction } from 'mini-interval'
import { orders } from '../lib/generate'

export default defineAction({
  name: 'Restock inventory',
  description: 'Pick the items to restock from 10,000, in pages',
  handler: async (io) => {
    const items = orders(10_000, 3).map((o) => ({ sku: o.id.replace('ord', 'sku'), item: o.item, stock: o.quantity * 7, price: o.amount }))
    const [item] = await io.select.table('Item to restock', { data: items, defaultPageSize: 25, minSelections: 1, maxSelections: 1 })
    await io.display.table('Chosen item', { data: [item!], orientation: 'vertical' })
    const quantity = await io.input.number(`How many ${item!.item} to order?`, { min: 1, max: 1000 })
    return { sku: item!.sku, quantity }
  },
})
