// A workflow file on Restate (`serve --restate`): the run is a Restate
// workflow like any transaction, run by the same workflow runner in its
// worker; each step's end is journaled with its events, and its human step
// runs as a transaction of its own (a Restate workflow keyed by the step's
// fixed id). serve killed with SIGKILL while the human step waits and started
// again: the step's transaction is followed (not started again), the task
// before it does not run again, and the run completes with the person's answer.
import * as assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { events, killServe, promptOf, spawnServe, type Client, type ServeProc } from '../unit/serve-client'
import { freePort, startRestate, type RestateNode } from './server'

const FILES: Record<string, string> = {
  'flow.workflow.json': JSON.stringify({
    name: 'Flow',
    actions: './flow-steps.ts',
    steps: [
      { id: 'prepare', type: 'task', config: { action: 'prepare', duration_seconds: 0 }, depends_on: [] },
      { id: 'approve', type: 'human', config: { action: 'approve', duration_seconds: 0 }, depends_on: ['prepare'] },
      { id: 'finish', type: 'task', config: { action: 'finish', duration_seconds: 0 }, depends_on: ['approve'] },
    ],
  }),
  'flow-steps.ts': `import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
// The side effect a completed step must not repeat: one line per run of its body.
export async function prepare() { appendFileSync(join(__dirname, 'prepare.count'), 'ran\\n'); return { total: 42 } }
export async function finish(step: any) { return { approved: step.results.approve } }
`,
  'approve.action.ts': `export default {
  name: 'Approve',
  unlisted: true,
  handler: async (io: any, ctx: any) => io.input.boolean('Approve ' + (ctx.params.results?.prepare?.total ?? 0) + '?'),
}
`,
}

const lines = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter(Boolean) : [])

async function childOf(c: Client, id: string): Promise<string> {
  const st = events(c, `/api/tx/${id}/events`)
  try {
    const m = await st.next((m) => m.type === 'state' && m.state.workflow?.steps.some((x: any) => x.id === 'approve' && x.childTx), 60_000)
    return m.state.workflow.steps.find((x: any) => x.id === 'approve').childTx
  } finally {
    st.close()
  }
}

describe('serve on Restate: workflow files', function () {
  this.timeout(180_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  const procs: ServeProc[] = []
  before(async () => (restate = await startRestate()))
  after(async () => {
    procs.forEach((p) => p.child.kill('SIGKILL'))
    await restate?.cleanup()
  })

  it('runs a workflow with a human step; serve killed while the person is asked continues it with nothing run twice', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mi-restate-flow-'))
    const folder = join(root, 'actions')
    mkdirSync(folder)
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(folder, name), text)
    const endpointPort = await freePort()
    const args = [folder, '--port', '0', '--data', join(root, 'data'), '--restate', restate.ingress, '--restate-admin', restate.admin, '--endpoint-port', String(endpointPort)]
    let s = await spawnServe(args)
    procs.push(s)
    const { id } = await s.c.json('/api/run', { slug: 'flow', params: {} })
    const child = await childOf(s.c, id)
    const p = await promptOf(s.c, child)
    assert.equal(p.label, 'Approve 42?', 'the human step\'s transaction has the earlier step\'s result')
    await killServe(s)

    s = await spawnServe(args)
    procs.push(s)
    assert.equal(await childOf(s.c, id), child, 'the same step transaction, followed')
    const again = await promptOf(s.c, child)
    assert.equal(again.seq, p.seq, 'its prompt, not a new one')
    const r = await s.c.post(`/api/tx/${child}/message`, { type: 'submit', seq: again.seq, values: [true] })
    assert.equal(r.status, 204, await r.text())
    const st = events(s.c, `/api/tx/${id}/events`)
    const end = await st.next((m) => (m.type === 'state' && ['completed', 'failed'].includes(m.state.status)) || m.type === 'history', 60_000)
    st.close()
    const out = end.type === 'history' ? end.entry : end.state
    assert.equal(out.status, 'completed', JSON.stringify(out.error))
    assert.deepEqual(out.result.finish, { approved: true })
    assert.deepEqual(lines(join(folder, 'prepare.count')), ['ran'], 'the task step before the kill did not run again')

    // History: the run's graph with each step's end, and the step's transaction as a run of its own.
    const detail = await s.c.json(`/api/history/${id}`)
    assert.equal(detail.type, 'history')
    assert.deepEqual(detail.entry.workflow.steps.map((x: any) => [x.id, x.status]), [['prepare', 'completed'], ['approve', 'completed'], ['finish', 'completed']])
    const step = await s.c.json(`/api/history/${child}`)
    assert.deepEqual(step.entry.steps.map((x: any) => [x.components[0].label, x.values[0]]), [['Approve 42?', true]])
    const runs = (await s.c.json('/api/history')).items.map((h: any) => h.id)
    assert.ok(runs.includes(id) && runs.includes(child), JSON.stringify(runs))
    await killServe(s)
  })
})
