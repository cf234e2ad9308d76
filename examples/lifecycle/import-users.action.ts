import { defineAction } from 'mini-interval'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export default defineAction({
  name: 'Import users',
  description: 'Logs and progress while it works, then a table of what it did',
  handler: async (io, ctx) => {
    const source = await io.input.text('Source file', { defaultValue: 'crm-export.csv' })
    const users = ['ada', 'grace', 'linus', 'margaret']
    ctx.loading.start({ label: 'Importing users', description: source, itemsInQueue: users.length })
    const imported = []
    for (const user of users) {
      await sleep(400)
      ctx.log(`Imported ${user}`)
      imported.push({ user, email: `${user}@example.com`, plan: user.length > 4 ? 'Pro' : 'Free' })
      ctx.loading.completeOne()
    }
    console.log(`Done: ${imported.length} users from ${source}`)
    return imported
  },
})
