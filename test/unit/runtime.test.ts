import { strict as assert } from 'node:assert'
import { join } from 'node:path'
import { compileAction } from '../../src/core/loader/compile'
import { inspectAction } from '../../src/core/runtime/inspect'
import { WASM, awaiting, start, tempTree, until, workerPath } from './helpers'

describe('runtime: a transaction in a worker thread', function () {
  this.timeout(30_000)

  it('asks, checks answers on the host, and returns the result', async () => {
    const { tx, history } = await start(`
      import { defineAction } from 'mini-interval'
      export default defineAction({
        name: 'Greet',
        handler: async (io, ctx) => {
          await io.display.markdown('**hi**')
          const name = await io.input.text('Name', { minLength: 2 })
          const n = await io.input.number('Count', { max: 10 })
          const nick = await io.input.text('Nickname').optional()
          ctx.log('got', { name, n })
          return { name, n, nick: nick ?? 'none', sure: await io.confirm('Sure?') }
        },
      })`)
    let v = await awaiting(tx)
    assert.deepEqual(v.feed.map((c) => c.method), ['DISPLAY_MARKDOWN'])
    assert.equal(v.prompt!.components[0].label, 'Name')
    tx.submit(v.prompt!.seq, ['A'])
    v = await until(tx, (x) => !!x.prompt?.errors)
    assert.deepEqual(v.prompt!.errors, ['Enter at least 2 characters.'])
    assert.deepEqual(v.prompt!.values, ['A'], 'what was typed is kept')
    tx.submit(v.prompt!.seq, ['Ada'])
    v = await until(tx, (x) => x.prompt?.components[0].label === 'Count')
    tx.submit(v.prompt!.seq, [3])
    v = await until(tx, (x) => x.prompt?.components[0].label === 'Nickname')
    assert.equal(v.prompt!.components[0].optional, true)
    tx.submit(v.prompt!.seq, [''])
    v = await until(tx, (x) => x.prompt?.components[0].method === 'CONFIRM')
    tx.submit(v.prompt!.seq, [true])
    const done = await tx.finished
    assert.equal(done.status, 'completed')
    assert.deepEqual(done.result, { name: 'Ada', n: 3, nick: 'none', sure: true })
    assert.match(done.logs[0], /^got \{/)
    const stored = history.read(tx.id)
    assert.equal(stored.status, 'completed')
    assert.deepEqual(stored.steps.map((s) => s.values), [undefined, ['Ada'], [3], [null], [true]])
  })

  it('ignores answers to a stale screen or with the wrong arity', async () => {
    const { tx } = await start(`export default async (io) => io.input.boolean('Ok?')`)
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq + 5, [true])
    tx.submit(v.prompt!.seq, [true, false])
    assert.equal(tx.status, 'awaiting')
    tx.submit(v.prompt!.seq, [true])
    assert.equal((await tx.finished).result, true)
  })

  it('fails with the error name, message, cause and a stack that names the source line', async () => {
    const { tx } = await start(
      `import { boom } from './lib/boom'\nexport default { handler: async () => boom() }`,
      { 'lib/boom.ts': `export function boom(): never {\n  const reason: string = 'no'\n  throw new RangeError('Broke: ' + reason, { cause: new Error('root') })\n}\n` },
    )
    const r = await tx.finished
    assert.equal(r.status, 'failed')
    assert.equal(r.error!.name, 'RangeError')
    assert.equal(r.error!.message, 'Broke: no')
    assert.equal(r.error!.cause, 'Error: root')
    assert.match(r.error!.stack!, /lib\/boom\.ts:3:\d+/)
  })

  it('reports bad props naming the method and the prop', async () => {
    const { tx } = await start(`export default async (io) => io.input.number('N', { currency: 'ZZZ' })`)
    const r = await tx.finished
    assert.equal(r.status, 'failed')
    assert.match(r.error!.message, /io\.input\.number: invalid prop "currency"/)
  })

  it('cancels a waiting action: the await rejects with IOError CANCELED', async () => {
    const { tx, history } = await start(`
      import { IOError } from '@interval/sdk'
      export default async (io, ctx) => {
        try { await io.input.text('x') } catch (e) { ctx.log(e instanceof IOError ? e.kind : 'other') ; throw e }
      }`)
    await awaiting(tx)
    tx.cancel()
    assert.equal((await tx.finished).status, 'canceled')
    assert.equal(history.read(tx.id).status, 'canceled')
  })

  it('cancels an action that spins forever within a second, while another transaction keeps working', async () => {
    const spin = await start(`export default async () => { while (true) {} }`)
    const other = await start(`export default async (io) => io.input.text('still here?')`)
    await awaiting(other.tx)
    const t0 = Date.now()
    spin.tx.cancel()
    assert.equal((await spin.tx.finished).status, 'canceled')
    assert.ok(Date.now() - t0 < 1000)
    other.tx.submit(other.tx.view.prompt!.seq, ['yes'])
    assert.equal((await other.tx.finished).result, 'yes')
  })

  it('resolves module-level io and ctx to the running transaction', async () => {
    const { tx } = await start(`
      import { Action, io, ctx } from '@interval/sdk'
      export default new Action(async () => { ctx.log('user', ctx.user.email); return io.input.boolean('b') })`)
    const v = await awaiting(tx)
    tx.submit(v.prompt!.seq, [false])
    const r = await tx.finished
    assert.equal(r.result, false)
    assert.deepEqual(r.logs, ['user ada@example.com'])
  })

  it('turns console output and loading progress into the transaction state', async () => {
    const { tx } = await start(`export default async (io, ctx) => {
      console.log('from console')
      ctx.loading.start({ label: 'Working', itemsInQueue: 2 })
      ctx.loading.completeOne()
      await io.input.boolean('b')
    }`)
    const working = await until(tx, (x) => x.loading?.itemsCompleted === 1)
    assert.deepEqual(working.loading, { label: 'Working', itemsInQueue: 2, itemsCompleted: 1 })
    const v = await until(tx, (x) => x.status === 'awaiting' && x.logs.length > 0)
    assert.equal(v.loading, undefined, 'the next prompt ends the loader, as in Interval')
    assert.deepEqual(v.logs, ['from console'])
    tx.cancel()
  })

  it("gives each bundled file its own __dirname, so relative data files load", async () => {
    const { tx, dir } = await start(`import { load } from './lib/load'\nexport default async () => load()`, {
      'lib/load.ts': `import { readFileSync } from 'node:fs'\nimport { join } from 'node:path'\nexport const load = () => ({ data: readFileSync(join(__dirname, 'data.txt'), 'utf8'), url: import.meta.url })`,
      'lib/data.txt': 'from lib',
    })
    const r = await tx.finished
    assert.deepEqual(r.result, { data: 'from lib', url: 'file://' + join(dir, 'lib/load.ts') })
  })

  it("resolves package imports from the workspace's node_modules beside the file", async () => {
    const { tx } = await start(`import shout from 'shout'\nexport default async () => shout('hi')`, {
      'node_modules/shout/package.json': '{ "name": "shout", "main": "index.js" }',
      'node_modules/shout/index.js': 'module.exports = (s) => s.toUpperCase() + "!"',
    })
    assert.equal((await tx.finished).result, 'HI!')
  })

  it('inspects metadata, and explains a file that is not an action', async () => {
    const dir = tempTree({
      'good.ts': `export default { name: 'Good one', description: 'does good', handler: async () => 1 }`,
      'options.ts': `export default { backgroundable: true, unlisted: true, warnOnClose: false, handler: async () => 1 }`,
      'badOption.ts': `export default { warnOnClose: 'yes', handler: async () => 1 }`,
      'bad.ts': `export const x = 1`,
      'throws.ts': `throw new Error('top-level failure')\nexport default async () => 1`,
    })
    const meta = await inspectAction(workerPath(), await compileAction(join(dir, 'good.ts'), WASM))
    assert.deepEqual(meta, { name: 'Good one', description: 'does good', backgroundable: false, unlisted: false, warnOnClose: true })
    const options = await inspectAction(workerPath(), await compileAction(join(dir, 'options.ts'), WASM))
    assert.deepEqual(options, { name: undefined, description: undefined, backgroundable: true, unlisted: true, warnOnClose: false })
    await assert.rejects(inspectAction(workerPath(), await compileAction(join(dir, 'badOption.ts'), WASM)), /"warnOnClose" must be true or false/)
    await assert.rejects(inspectAction(workerPath(), await compileAction(join(dir, 'bad.ts'), WASM)), /no default export/)
    await assert.rejects(inspectAction(workerPath(), await compileAction(join(dir, 'throws.ts'), WASM)), /top-level failure/)
  })
})
