// A transaction waiting for a person on Restate costs no thread: after the
// idle time Restate suspends its invocation and the endpoint stops its worker;
// the answer, when it comes, replays it in a new worker from Restate's journal.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startRestate, waitFor, type RestateNode } from './server'
import { actionsDir, startEndpointProc, TxClient, type EndpointProc } from './harness'
import { THREE } from './actions'

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])

describe('Restate engine: a waiting transaction is suspended', function () {
  this.timeout(120_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let ep: EndpointProc
  let dir: string

  before(async () => {
    dir = actionsDir({ 'three.action.ts': THREE })
    restate = await startRestate()
    ep = await startEndpointProc(dir, restate.admin, undefined, 'endpoint', { MI_IDLE_MS: '1000' })
  })
  after(async () => {
    await ep?.kill()
    await restate?.cleanup()
  })

  it('releases the worker of a transaction waiting at a prompt, and resumes it on the answer', async () => {
    const id = `idle-${process.pid}`
    const files = { counter: join(dir, 'idle.counter'), seen: join(dir, 'idle.seen') }
    const c = new TxClient(restate.ingress, id)
    await c.start('three', files)
    await c.answer(((await c.next(0)) as { seq: number }).seq, ['a'])
    const second = await c.next(1)
    // Released at the second screen (a slow machine may have released it at the first one too).
    const releases = () => ep.output().split(`released ${id}\n`).length - 1
    const before = releases()
    await waitFor(`the worker of ${id} released at the second screen`, async () => releases() > before, 20_000)
    await c.answer((second as { seq: number }).seq, ['b'])
    await c.answer(((await c.next(2)) as { seq: number }).seq, ['c'])
    const end = await c.next(3)
    assert.ok('ended' in end && end.ended === 'completed')
    const out = (await c.output()) as { result: Record<string, unknown> }
    assert.deepEqual([out.result.a, out.result.b, out.result.c], ['a', 'b', 'c'])
    assert.deepEqual(lines(files.counter), ['charge'])
    const seen = lines(files.seen)
    assert.ok(seen.length >= 2, 'a new worker replayed the action after the answer')
    assert.equal(new Set(seen).size, 1)
  })
})
