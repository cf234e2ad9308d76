// The Restate engine on a three-node Restate cluster on loopback
// (replication 2): transactions started through one node and answered through
// another keep going when a node is killed with SIGKILL mid-run, and complete
// through the other two. Slow (a cluster on a small machine): run by
// `npm run test:cluster` (scripts/test-restate.mjs --cluster), not by npm test.
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startCluster, waitFor, type RestateNode } from './server'
import { actionsDir, startEndpointProc, TxClient, type EndpointProc } from './harness'
import { THREE } from './actions'

const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])
const TXS = 6

describe('Restate engine on a three-node cluster', function () {
  this.timeout(300_000)
  let cluster: { nodes: RestateNode[]; cleanup(): Promise<void> }
  let ep: EndpointProc
  let dir: string

  before(async () => {
    dir = actionsDir({ 'three.action.ts': THREE })
    cluster = await startCluster()
    const [n1] = cluster.nodes
    // Every node must be able to take invocations before the endpoint is registered: wait for the cluster's health.
    ep = await startEndpointProc(dir)
    await waitFor('the endpoint registered through n1', async () => {
      const r = await fetch(`${n1.admin}/deployments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ uri: ep.url, force: true }) })
      return r.ok
    }, 60_000)
  })
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`endpoint output (last 4000 characters):\n${ep?.output().slice(-4000)}`)
  })
  after(async () => {
    await ep?.kill()
    await cluster?.cleanup()
  })

  it('completes every transaction through the other nodes after one is killed mid-run', async () => {
    const [n1, n2, n3] = cluster.nodes
    const txs = Array.from({ length: TXS }, (_, i) => ({
      c: new TxClient(n2.ingress, `c${i}-${process.pid}`),
      counter: join(dir, `c${i}.counter`),
      seen: join(dir, `c${i}.seen`),
    }))
    // Started through n2 (retried while the cluster's partitions settle), first screen answered through n3.
    for (const t of txs) {
      await waitFor(`${t.c.id} started`, async () => (await t.c.start('three', { counter: t.counter, seen: t.seen }), true), 60_000)
    }
    for (const [i, t] of txs.entries()) {
      t.c.ingress = n3.ingress
      const w = await t.c.next(0, 60_000)
      assert.ok('seq' in w, `${t.c.id}: ${JSON.stringify(w)}`)
      await t.c.answer(w.seq, [`a${i}`])
    }
    // Half are at their second screen, half just answered it, when n1 dies.
    for (const [i, t] of txs.entries()) {
      const w = await t.c.next(1, 60_000)
      assert.equal('seq' in w && w.view.prompt?.components[0].label, 'Second')
      if (i % 2) await t.c.answer((w as { seq: number }).seq, [`b${i}`])
    }
    await n1.kill()
    for (const [i, t] of txs.entries()) {
      t.c.ingress = i % 2 ? n2.ingress : n3.ingress
      if (!(i % 2)) {
        const w = await t.c.next(1, 60_000)
        await waitFor(`${t.c.id} answered`, async () => (await t.c.answer((w as { seq: number }).seq, [`b${i}`]), true), 60_000)
      }
      const third = await t.c.next(2, 120_000)
      assert.equal('seq' in third && third.view.prompt?.components[0].label, 'Third', `${t.c.id}: ${JSON.stringify(third).slice(0, 300)}`)
      await waitFor(`${t.c.id} answered`, async () => (await t.c.answer((third as { seq: number }).seq, [`c${i}`]), true), 60_000)
      const end = await t.c.next(3, 120_000)
      assert.ok('ended' in end && end.ended === 'completed', JSON.stringify(end).slice(0, 300))
      const out = (await t.c.output()) as { result: Record<string, unknown> }
      assert.deepEqual([out.result.a, out.result.b, out.result.c], [`a${i}`, `b${i}`, `c${i}`])
      assert.deepEqual(lines(t.counter), ['charge'], `${t.c.id}: the completed step ran once`)
      assert.equal(new Set(lines(t.seen)).size, 1)
    }
  })
})
