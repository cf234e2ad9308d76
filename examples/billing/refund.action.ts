// Interval's canonical refund flow (its docs' example), as Interval code: it
// imports @interval/sdk and the module-level io and ctx, and runs unchanged.
import { Action, ctx, io } from '@interval/sdk'
import { dollars, getCharges, refundCharge } from '../lib/charges'

export default new Action({
  name: 'Refund customer',
  description: 'Refund one or more charges of a customer',
  handler: async () => {
    const email = await io.input.email('Customer email', { placeholder: 'ada@example.com' })
    const charges = await getCharges(email)
    if (charges.length === 0) {
      await io.display.markdown(`No charges found for **${email}**.`)
      return { email, refunded: [] }
    }
    const toRefund = await io.select.table('Charges to refund', {
      data: charges,
      columns: [
        { label: 'Charge', accessorKey: 'id' },
        { label: 'Description', accessorKey: 'description' },
        { label: 'Amount', renderCell: (c) => ({ label: dollars(c.amount), value: c.amount }) },
        { label: 'Created', renderCell: (c) => new Date(c.created) },
      ],
      minSelections: 1,
    })
    ctx.loading.start({ label: 'Refunding', description: email, itemsInQueue: toRefund.length })
    for (const charge of toRefund) {
      await refundCharge(charge.id)
      ctx.log(`Refunded ${charge.id} (${dollars(charge.amount)})`)
      ctx.loading.completeOne()
    }
    return { email, refunded: toRefund.map((c) => c.id), total: dollars(toRefund.reduce((sum, c) => sum + c.amount, 0)) }
  },
})
