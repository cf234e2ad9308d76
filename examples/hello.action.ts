import { Action, io } from '@interval/sdk'

// Written the Interval way: module-level `io`, `new Action`, imported from '@interval/sdk'.
export default new Action({
  name: 'Hello',
  description: 'Greets someone',
  handler: async () => {
    const name = await io.input.text('Your name')
    const times = await io.input.number('How many times?', { min: 1, max: 5, defaultValue: 1 })
    return Array.from({ length: times }, () => `Hello, ${name}!`).join(' ')
  },
})
