import { defineAction } from 'mini-interval'

export default defineAction({
  name: 'Spin forever',
  description: 'Loops without end: the UI stays responsive and Cancel stops it',
  handler: async (io) => {
    await io.display.markdown('Spinning… press **Cancel** to stop me.')
    // eslint-disable-next-line no-constant-condition
    while (true) {}
  },
})
