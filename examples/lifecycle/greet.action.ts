import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Greet',
  description: 'Unlisted: reached only by a redirect, a link or a re-run',
  unlisted: true,
  handler: async (io, ctx) => {
    const name = String(ctx.params.name ?? 'stranger')
    ctx.log(`Greeting ${name} (${ctx.environment})`)
    return { greeting: `Hello, ${name}!`, by: ctx.user.email }
  },
})
