import { defineAction } from 'mini-interval'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export default defineAction({
  name: 'Nightly report',
  description: 'Backgroundable: close its tab and it keeps running; reopen it from History',
  backgroundable: true,
  handler: async (io, ctx) => {
    const steps = ['sales', 'refunds', 'churn', 'signups']
    ctx.loading.start({ label: 'Building the report', itemsInQueue: steps.length })
    for (const step of steps) {
      await sleep(1000)
      ctx.log(`Added ${step}`)
      ctx.loading.completeOne()
    }
    const send = await io.confirm('Send the report to the team?')
    return { sections: steps.length, sent: send }
  },
})
