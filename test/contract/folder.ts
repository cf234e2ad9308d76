// The folder of actions the engine contract runs: one small file per
// behaviour, side effects written to files the tests name in params.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const FILES: Record<string, string> = {
  // Three prompts around a ctx.run step; the step appends to params.counter
  // (the side effect a completed step must not repeat) and, given params.gate,
  // waits until that file exists (so a test sees the run inside its step).
  'three.action.ts': `import { appendFileSync, existsSync } from 'node:fs'
export default {
  name: 'Three prompts',
  handler: async (io: any, ctx: any) => {
    const order = await io.input.text('Order')
    const charge = await ctx.run('charge', async () => {
      while (ctx.params.gate && !existsSync(String(ctx.params.gate))) await new Promise((r) => setTimeout(r, 20))
      appendFileSync(String(ctx.params.counter), 'charge ' + order + '\\n')
      return 'ch_' + order
    })
    const amount = await io.input.number('Amount')
    const note = await io.input.text('Note')
    return { order, charge, amount, note }
  },
}
`,
  'validate.action.ts': `export default async (io: any) => {
  const age = await io.input.number('Age').validate((v: number) => (v < 18 ? 'Must be 18 or over' : undefined))
  return { age }
}
`,
  'fails.action.ts': `export default async (io: any) => {
  const box = await io.input.text('Box')
  throw new Error('out of boxes: ' + box)
}
`,
  'solo.action.ts': `export default { name: 'Solo', singleton: true, handler: async (io: any) => io.input.text('Hold') }
`,
  'keyed.action.ts': `export default { name: 'Keyed', singleton: (p: any) => p.account, handler: async (io: any) => io.input.text('Hold') }
`,
  // Plain code runs again on every replay: params.seen gets the time and number each run of it saw.
  'clock.action.ts': `import { appendFileSync } from 'node:fs'
export default async (io: any, ctx: any) => {
  const t = ctx.now()
  const r = ctx.random()
  appendFileSync(String(ctx.params.seen), t + ' ' + r + '\\n')
  await io.input.text('Clock')
  return { t, r }
}
`,
  'pick.action.ts': `const people = [{ id: 1, name: 'Ada' }, { id: 2, name: 'Grace' }, { id: 3, name: 'Alan' }]
export default async (io: any) =>
  io.search('Person', {
    onSearch: async (q: string) => people.filter((p) => p.name.toLowerCase().startsWith(q.toLowerCase())),
    renderResult: (p: any) => ({ label: p.name, description: '#' + p.id }),
  })
`,
  'paged.action.ts': `const all = Array.from({ length: 45 }, (_, i) => ({ id: i, name: 'user ' + i }))
export default async (io: any) => {
  await io.display.table('Users', {
    getData: async ({ queryTerm, offset, pageSize }: any) => {
      const rows = all.filter((r) => r.name.includes(queryTerm))
      return { data: rows.slice(offset, offset + pageSize), totalRecords: rows.length }
    },
    defaultPageSize: 5,
  })
  return io.input.text('Wait')
}
`,
  // A workflow whose middle step is a person's: the approve action, run as a transaction of its own.
  'flow.workflow.json': JSON.stringify({
    name: 'Flow',
    actions: './flow-steps.ts',
    steps: [
      { id: 'prepare', type: 'task', config: { action: 'prepare', duration_seconds: 0 }, depends_on: [] },
      { id: 'approve', type: 'human', config: { action: 'approve', duration_seconds: 0 }, depends_on: ['prepare'] },
      { id: 'finish', type: 'task', config: { action: 'finish', duration_seconds: 0 }, depends_on: ['approve'] },
    ],
  }, null, 2),
  'flow-steps.ts': `export async function prepare() { return { total: 42 } }
export async function finish(step: any) { return { approved: step.results.approve } }
`,
  // What it saw of each uploaded file, computed again by every replay: equal only if the bytes are.
  'upload.action.ts': `import { createHash } from 'node:crypto'
export default async (io: any) => {
  const seen = async (f: any) => ({ name: f.name, type: f.type, size: f.size, sha: createHash('sha256').update(await f.buffer()).digest('hex') })
  const one = await io.input.file('One')
  const many = await io.input.file('Many').multiple()
  const result = { one: await seen(one), text: await one.text(), many: await Promise.all(many.map(seen)) }
  await io.input.text('Done')
  return result
}
`,
  'approve.action.ts': `export default {
  name: 'Approve',
  unlisted: true,
  handler: async (io: any, ctx: any) => io.input.boolean('Approve ' + (ctx.params.results?.prepare?.total ?? 0) + '?'),
}
`,
}

export function contractFolder(): { root: string; folder: string; data: string; files: string } {
  const root = mkdtempSync(join(tmpdir(), 'mi-contract-'))
  const folder = join(root, 'actions')
  mkdirSync(folder, { recursive: true })
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(folder, name), text)
  const files = join(root, 'files')
  mkdirSync(files)
  return { root, folder, data: join(root, 'data'), files }
}
