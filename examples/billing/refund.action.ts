import { defineAction } from 'mini-interval'
import { chargesOf, dollars } from '../lib/charges'

export default defineAction({
  name: 'Refund customer',
  description: 'Look up a customer by email and refund their recent charges',
  handler: async (io, ctx) => {
    const email = await io.input.email('Customer email', { placeholder: 'ada@example.com' })
    const charges = await chargesOf(email)
    if (charges.length === 0) {
      await io.display.markdown(`No charges found for **${email}**.`)
      return { email, refunded: 0 }
    }
    const total = charges.reduce((sum, c) => sum + c.amount, 0)
    await io.display.markdown(
      [`### Charges of ${email}`, '', ...charges.map((c) => `- \`${c.id}\` ${c.description}: **${dollars(c.amount)}** (${c.created})`)].join('\n'),
    )
    const reason = await io.input.text('Reason for the refund', { multiline: true, minLength: 5 })
    const notify = await io.input.boolean('Email the customer a receipt', { defaultValue: true })
    if (!(await io.confirm(`Refund ${charges.length} charges (${dollars(total)}) to ${email}?`))) {
      return { email, refunded: 0, note: 'Not confirmed' }
    }
    ctx.loading.start({ label: 'Refunding', itemsInQueue: charges.length })
    for (const charge of charges) {
      ctx.log(`Refunded ${charge.id} (${dollars(charge.amount)})`)
      ctx.loading.completeOne()
    }
    return { email, refunded: charges.length, total: dollars(total), reason, receiptSent: notify }
  },
})
