// 100,000 orders in one io.select.table: search, sort, select, and row menus
// that start another action with params. Rows are made up (lib/generate.ts).
import { defineAction } from 'mini-interval'
import { orders, STATUS_COLORS } from '../lib/generate'

export default defineAction({
  name: 'Review orders (100,000)',
  description: 'Pick orders from 100,000 rows to flag for review',
  handler: async (io, ctx) => {
    const count = Number(ctx.params.count ?? 100_000)
    const data = orders(count)
    const picked = await io.select.table('Orders to flag', {
      data,
      columns: [
        'id',
        'customer',
        { label: 'Email', renderCell: (o) => ({ label: o.email, url: `mailto:${o.email}` }) },
        'item',
        { label: 'Amount', renderCell: (o) => ({ label: `$${o.amount.toFixed(2)}`, value: o.amount }) },
        { label: 'Status', renderCell: (o) => ({ label: o.status, highlightColor: STATUS_COLORS[o.status] }) },
        { label: 'Created', accessorKey: 'created' },
        { label: 'Qty', accessorKey: 'quantity' },
      ],
      rowMenuItems: (o) => [
        { label: 'Refund this customer', route: 'billing/refund', params: { email: o.email } },
        { label: 'Cancel order', theme: 'danger', disabled: o.status !== 'pending', route: 'tables/orders' },
      ],
      minSelections: 1,
      maxSelections: 50,
    })
    ctx.log(`Flagged ${picked.length} orders`)
    return picked.map((o) => ({ id: o.id, customer: o.customer, amount: o.amount }))
  },
})
