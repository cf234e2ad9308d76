// A transaction waiting for a person costs no thread: after idleMs at a prompt
// its worker is released, and the next answer replays it to the same prompt
// in a new worker (issue 12, embedded engine).
import * as assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { compileAction } from '../../src/core/loader/compile'
import { Transaction } from '../../src/core/runtime/transaction'
import { poll, tempTree, until, USER, WASM, workerPath } from './helpers'

const SOURCE = `import { appendFileSync } from 'node:fs'
export default {
  handler: async (io: any, ctx: any) => {
    const out = String(ctx.params.out)
    console.log('started')
    const name = await io.input.text('Name')
    const secret = await io.input.text('Secret', { sensitive: true })
    const charged = await ctx.run('charge', () => { appendFileSync(out, 'charge\\n'); return 'ch_' + name })
    const at = ctx.now()
    const note = await io.input.text('Note')
    return { name, secret, charged, note, sameNow: at === ctx.now() ? 'no' : typeof at }
  },
}
`

async function begin(idleMs: number) {
  const dir = tempTree({ 'a.action.ts': SOURCE })
  const file = join(dir, 'a.action.ts')
  const out = join(dir, 'out.log')
  const tx = new Transaction({
    id: newTxId(), workerPath: workerPath(), history: new HistoryStore(join(dir, 'history')), compiled: await compileAction(file, WASM),
    user: USER, action: { slug: 'a', name: 'A', file }, params: { out }, idleMs,
  })
  return { tx, out }
}

const at = (tx: Transaction, label: string) => until(tx, (v) => v.status === 'awaiting' && v.prompt?.components[0]?.label === label)

describe('idle release', function () {
  this.timeout(30_000)

  it('releases the worker at each prompt; each answer replays to it; steps, sensitive answers and logs survive', async () => {
    const { tx, out } = await begin(50)
    let v = await at(tx, 'Name')
    await poll(() => tx.released)
    tx.submit(v.prompt!.seq, ['Ada'])
    v = await at(tx, 'Secret')
    await poll(() => tx.released)
    tx.submit(v.prompt!.seq, ['hunter2'])
    v = await at(tx, 'Note')
    await poll(() => tx.released)
    tx.submit(v.prompt!.seq, ['thanks'])
    const r = await tx.finished
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    assert.deepEqual(r.result, { name: 'Ada', secret: 'hunter2', charged: 'ch_Ada', note: 'thanks', sameNow: 'number' })
    assert.equal(readFileSync(out, 'utf8'), 'charge\n', 'the step ran once')
    assert.deepEqual(r.logs, ['started'], 'logged once')
    assert.equal(r.resumed ?? 0, 0, 'a release is not a resume')
  })

  it('an answer still being checked when the idle time runs out keeps its worker (nothing is lost)', async () => {
    const dir = tempTree({ 'a.action.ts': `export default async (io: any) => {
      const a = await io.input.text('Slow check').validate(async () => { await new Promise((r) => setTimeout(r, 600)); return undefined })
      return a + (await io.input.text('Next'))
    }` })
    const file = join(dir, 'a.action.ts')
    const tx = new Transaction({
      id: newTxId(), workerPath: workerPath(), history: new HistoryStore(join(dir, 'history')), compiled: await compileAction(file, WASM),
      user: USER, action: { slug: 'a', name: 'A', file }, idleMs: 150,
    })
    const v = await at(tx, 'Slow check')
    tx.submit(v.prompt!.seq, ['x'])
    const next = await at(tx, 'Next')
    tx.submit(next.prompt!.seq, ['y'])
    assert.equal((await tx.finished).result, 'xy')
  })

  it('a released transaction can be canceled; one that never idles keeps its worker', async () => {
    const { tx } = await begin(50)
    await at(tx, 'Name')
    await poll(() => tx.released)
    tx.cancel('Ada')
    assert.equal((await tx.finished).status, 'canceled')
    const busy = await begin(60_000)
    const v = await at(busy.tx, 'Name')
    await new Promise((r) => setTimeout(r, 200))
    assert.equal(busy.tx.released, false)
    busy.tx.submit(v.prompt!.seq, ['x'])
    await at(busy.tx, 'Secret')
    busy.tx.cancel()
    await busy.tx.finished
  })
})
