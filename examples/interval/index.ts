// An existing Interval project, unchanged: Mini Interval reads its routes from
// `new Interval({ … })` and runs them in VS Code. apiKey, endpoint and listen()
// are accepted and ignored (there is no server).
import path from 'path'
import Interval, { io, ctx } from '@interval/sdk'

const interval = new Interval({
  apiKey: 'live_example_key_not_used',
  endpoint: 'wss://interval.example.com/websocket',
  routesDirectory: path.resolve(__dirname, 'routes'),
  onError: ({ error, route }) => console.error(`${route} failed: ${(error as Error).message}`),
  routes: {
    greet_user: async () => {
      const name = await io.input.text('Who should we greet?')
      return { greeting: `Hello, ${name}`, by: ctx.user.email }
    },
  },
})

interval.listen()
