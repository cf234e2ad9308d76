import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Welcome a customer',
  description: 'Asks a name, then redirects to the unlisted Greet action with it',
  handler: async (io, ctx) => {
    const name = await io.input.text('Customer name')
    await ctx.redirect({ route: 'lifecycle/greet', params: { name } })
  },
})
