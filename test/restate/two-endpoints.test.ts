// Two endpoint processes (two `serve`s) behind one Restate, through one
// balanced address: either continues any transaction, and killing one with
// SIGKILL loses nothing — its transactions complete on the other.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { register, startRestate, type RestateNode } from './server'
import { actionsDir, startEndpointProc, TxClient, type EndpointProc } from './harness'
import { startBalancer } from './balancer'
import { THREE } from './actions'

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])
/** Transactions whose `run` this endpoint started an attempt of, and those it completed (the SDK logs both). */
const started = (ep: EndpointProc) => new Set([...ep.output().matchAll(/\[tx\/([^/]+)\/run\]\[[^\]]+\] INFO: Starting invocation/g)].map((m) => m[1]))
const completed = (ep: EndpointProc) => new Set([...ep.output().matchAll(/\[tx\/([^/]+)\/run\]\[[^\]]+\] INFO: Invocation completed successfully/g)].map((m) => m[1]))

describe('Restate engine: two endpoints behind one Restate', function () {
  this.timeout(180_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let eps: EndpointProc[] = []
  let balancer: Awaited<ReturnType<typeof startBalancer>>
  let dir: string
  let txs = 0

  before(async () => {
    dir = actionsDir({ 'three.action.ts': THREE })
    restate = await startRestate()
    eps = [await startEndpointProc(dir), await startEndpointProc(dir)]
    balancer = await startBalancer(eps.map((e) => e.port))
    await register(restate.admin, balancer.url)
  })
  afterEach(function () {
    if (this.currentTest?.state === 'failed') eps.forEach((e, i) => console.log(`endpoint ${i} output (end):\n${e.output().slice(-3000)}`))
  })
  after(async () => {
    await balancer?.close()
    for (const e of eps) await e.kill()
    await restate?.cleanup()
  })

  /** Starts `n` transactions and answers their first screen. */
  async function startSome(n: number) {
    const out = []
    for (let i = 0; i < n; i++) {
      const id = `two${++txs}-${process.pid}`
      const files = { counter: join(dir, `${id}.counter`), seen: join(dir, `${id}.seen`) }
      const c = new TxClient(restate.ingress, id)
      await c.start('three', files)
      await c.answer(((await c.next(0)) as { seq: number }).seq, [`a-${id}`])
      assert.equal(((await c.next(1)) as { view: { prompt?: { components: { label: string }[] } } }).view.prompt?.components[0].label, 'Second')
      out.push({ c, ...files })
    }
    return out
  }

  async function finish(all: Awaited<ReturnType<typeof startSome>>) {
    for (const { c, counter, seen } of all) {
      await c.answer(((await c.next(1)) as { seq: number }).seq, ['b'])
      await c.answer(((await c.next(2)) as { seq: number }).seq, ['c'])
      const end = await c.next(3)
      assert.ok('ended' in end && end.ended === 'completed', JSON.stringify(end).slice(0, 300))
      const out = (await c.output()) as { result: Record<string, unknown> }
      assert.deepEqual([out.result.a, out.result.b, out.result.c], [`a-${c.id}`, 'b', 'c'])
      assert.deepEqual(lines(counter), ['charge'], `${c.id}: the completed step ran once`)
      assert.equal(new Set(lines(seen)).size, 1)
    }
  }

  it('continues every transaction on one endpoint after the other is killed, either way round', async () => {
    // The endpoint running the most transactions is killed; the other completes them.
    const first = await startSome(4)
    const busy = started(eps[0]).size >= started(eps[1]).size ? 0 : 1
    const taken = [...started(eps[busy])].filter((id) => first.some((t) => t.c.id === id))
    assert.ok(taken.length > 0)
    await eps[busy].kill()
    await finish(first)
    for (const id of taken) assert.ok(completed(eps[1 - busy]).has(id), `${id}, begun on the killed endpoint, completed on the other`)
    // And the other way round: the first comes back, the second is killed mid-run.
    await eps[busy].start()
    const second = await startSome(3)
    const before = started(eps[1 - busy])
    await eps[1 - busy].kill()
    await finish(second)
    for (const t of second) if (before.has(t.c.id)) assert.ok(completed(eps[busy]).has(t.c.id), `${t.c.id} completed on the endpoint that came back`)
    assert.ok(second.every((t) => completed(eps[busy]).has(t.c.id)), 'every transaction of the second round ended on the survivor')
  })
})
