// A small folder of actions for serve's tests: a three-prompt action with a
// durable step whose side effect goes to a file, and a greeting.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const THREE = `import { appendFileSync } from 'node:fs'
export default {
  name: 'Three prompts',
  handler: async (io: any, ctx: any) => {
    const order = await io.input.text('Order')
    const charge = await ctx.run('charge', async () => {
      await new Promise((r) => setTimeout(r, Number(ctx.params.slowMs ?? 0)))
      appendFileSync(String(ctx.params.outbox), 'charge ' + order + '\\n')
      return 'ch_' + order
    })
    const amount = await io.input.number('Amount')
    const note = await io.input.text('Note')
    return { order, charge, amount, note }
  },
}
`

export function serveFolder(): { folder: string; data: string } {
  const root = mkdtempSync(join(tmpdir(), 'mi-serve-'))
  const folder = join(root, 'actions')
  mkdirSync(join(folder, 'ops'), { recursive: true })
  writeFileSync(join(folder, 'ops', 'three.action.ts'), THREE)
  writeFileSync(join(folder, 'hello.action.ts'), `export default { name: 'Hello', handler: async (io: any) => 'Hello, ' + (await io.input.text('Your name')) }\n`)
  return { folder, data: join(root, 'data') }
}
