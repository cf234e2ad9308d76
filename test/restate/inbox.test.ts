// The Inbox on Restate, through two `serve`s behind one Restate (the same
// answer key, their own data folders: the queue is only in Restate). An action
// queues another with ctx.enqueue on one serve; the other serve hears it (its
// list stream's `inbox` event, from Restate's `changes` workflow, no polling),
// lists it, and opens it (again, and from the first serve too: one run); the
// answer ends the run and its item leaves every Inbox. An item queued by a
// person is withdrawn, and then cannot be opened. A declared schedule in
// queue mode (both serves' catalogs declare it: one schedule) runs at its
// minute and waits in its owner's Inbox; opened there, answered, it is done;
// /api/schedules lists it with its last run, adds and removes. (Node 24; up to a minute's wait.)
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { events, killServe, promptOf, spawnServe, type Client } from '../unit/serve-client'
import { freePort } from './server'
import { servesBehindRestate } from './harness'
import { answer } from './introspect'

const BOSS = `export default {
  name: 'Boss',
  handler: async (io: any, ctx: any) => {
    const { id } = await ctx.enqueue('greet', { params: { name: 'Ada' }, title: 'Say hello to Ada' })
    return id
  },
}
`
const GREET = `export default {
  name: 'Greet',
  handler: async (io: any, ctx: any) => 'hello ' + (await io.input.text('Name', { defaultValue: ctx.params.name })),
}
`

const ASK = `export default {
  name: 'Ask',
  schedule: '* * * * *',
  scheduleMode: 'queue',
  handler: async (io: any) => 'hello ' + (await io.input.text('Who is there')),
}
`

const FLOW = JSON.stringify({
  name: 'Flow',
  actions: './flow-steps.ts',
  steps: [
    { id: 'prepare', type: 'task', config: { action: 'prepare', duration_seconds: 0 }, depends_on: [] },
    { id: 'approve', type: 'human', config: { action: 'approve', team: 'ops', duration_seconds: 0 }, depends_on: ['prepare'] },
    { id: 'finish', type: 'task', config: { action: 'finish', duration_seconds: 0 }, depends_on: ['approve'] },
  ],
})
const FLOW_STEPS = `export async function prepare() { return { total: 42 } }
export async function finish(step: any) { return { approved: step.results.approve } }
`
const APPROVE = `export default {
  name: 'Approve',
  unlisted: true,
  handler: async (io: any, ctx: any) => io.input.boolean('Approve ' + (ctx.params.results?.prepare?.total ?? 0) + '?'),
}
`

async function ended(c: Client, id: string): Promise<any> {
  const s = events(c, `/api/tx/${id}/events`)
  try {
    const m = await s.next((m) => (m.type === 'state' && ['completed', 'failed', 'canceled'].includes(m.state.status)) || m.type === 'history', 60_000)
    return m.type === 'history' ? m.entry : m.state
  } finally {
    s.close()
  }
}

/** `c`'s Inbox once it is empty, or as it is after 20 s (an item leaves once its run's end or its withdrawal is journaled). */
async function inboxEmptied(c: Client): Promise<any[]> {
  const by = Date.now() + 20_000
  let items: any[]
  while ((items = (await c.json('/api/inbox')).items).length && Date.now() < by) await new Promise((r) => setTimeout(r, 200))
  return items
}

describe('serve on Restate: the Inbox', function () {
  this.timeout(180_000)
  const suite = servesBehindRestate()
  const { procs } = suite
  /**
   * serves `b` then `a` over one folder of `files` (each its own data folder), and b's list stream.
   * Restate sends new invocations to the deployment registered last: a's endpoint runs them, so b hears
   * of a's changes only from Restate.
   */
  const twoServes = async (prefix: string, files: Record<string, string>) => {
    const root = mkdtempSync(join(tmpdir(), prefix))
    const folder = join(root, 'actions')
    mkdirSync(folder)
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text)
    const serve = async (name: string) => {
      const s = await spawnServe([folder, '--port', '0', '--data', join(root, name), '--restate', suite.restate.ingress, '--restate-admin', suite.restate.admin, '--endpoint-port', String(await freePort())])
      procs.push(s)
      return s
    }
    const b = await serve('b')
    const a = await serve('a')
    return { a, b, list: events(b.c, '/api/events') }
  }

  it('ctx.enqueue on one serve shows in the other\'s Inbox at once; opened from both, one run; its end empties every Inbox; a withdrawn item does not open', async () => {
    const { a, b, list: bList } = await twoServes('mi-restate-inbox-', { 'boss.action.ts': BOSS, 'greet.action.ts': GREET })
    try {
      assert.deepEqual((await b.c.json('/api/inbox')).items, [])
      const { id: boss } = await a.c.json('/api/run', { slug: 'boss', params: {} })
      const bossEnd = await ended(a.c, boss)
      assert.equal(bossEnd.status, 'completed', JSON.stringify(bossEnd).slice(0, 500))
      const itemId = `${boss}-q1`
      assert.equal(bossEnd.result, itemId, 'ctx.enqueue resolved with the item\'s id')

      // The other serve hears it (Restate answers its long wait on the queue's version) and lists it.
      await bList.next((m) => m.type === 'inbox', 30_000)
      const items = (await b.c.json('/api/inbox')).items
      assert.equal(items.length, 1)
      const item = items[0]
      assert.equal(item.id, itemId)
      assert.equal(item.slug, 'greet')
      assert.deepEqual(item.params, { name: 'Ada' })
      assert.equal(item.title, 'Say hello to Ada')
      assert.deepEqual(item.source, { kind: 'ctx', tx: boss })
      assert.equal(item.state, 'waiting')

      // Opened on b, again on b, and on a: one run, the item's.
      const { id: run } = await b.c.json(`/api/queue/${itemId}/open`, {})
      assert.equal(run, item.runId)
      assert.equal((await b.c.json(`/api/queue/${itemId}/open`, {})).id, run)
      assert.equal((await a.c.json(`/api/queue/${itemId}/open`, {})).id, run)
      assert.equal((await a.c.json('/api/inbox')).items[0].state, 'started')
      const p = await promptOf(a.c, run)
      assert.equal(p.label, 'Name')
      await answer(a.c, run, p.seq, ['Ada'])
      const end = await ended(b.c, run)
      assert.equal(end.status, 'completed')
      // Its end (journaled by the run itself) finished the item: gone from both Inboxes.
      assert.deepEqual(await inboxEmptied(a.c), [])
      assert.deepEqual((await b.c.json('/api/inbox')).items, [])
      // History marks the run as opened from an Inbox, with its trigger in the detail.
      const history = await a.c.json('/api/history?limit=50')
      assert.equal(history.items.find((h: any) => h.id === run)?.trigger, 'queue')
      const detail = await b.c.json(`/api/history/${run}`)
      assert.deepEqual(detail.entry?.trigger, { kind: 'queue', item: itemId })

      // Queued by a person on a, withdrawn on b: it cannot be opened.
      const { item: queued } = await a.c.json('/api/queue', { slug: 'greet', params: { name: 'Bob' } })
      assert.equal(queued.source.kind, 'person')
      const r = await fetch(`${b.c.base}/api/queue/${queued.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.c.token}`, origin: b.c.base } })
      assert.equal(r.status, 204, await r.text())
      const open = await a.c.post(`/api/queue/${queued.id}/open`, {})
      assert.equal(open.status, 409)
      assert.equal((await a.c.post('/api/queue', { slug: 'nothing-here' })).status, 400)
    } finally {
      bList.close()
      for (const p of procs.splice(0)) await killServe(p)
    }
  })

  it('a workflow\'s human step for a team waits in the Inbox; opened on the other serve and answered, the workflow goes on; canceled, its waiting step is withdrawn', async () => {
    const { a, b, list } = await twoServes('mi-restate-flow-inbox-', { 'flow.workflow.json': FLOW, 'flow-steps.ts': FLOW_STEPS, 'approve.action.ts': APPROVE })
    try {
      const { id } = await a.c.json('/api/run', { slug: 'flow', params: {} })
      await list.next((m) => m.type === 'inbox', 60_000)
      const items = (await b.c.json('/api/inbox')).items
      assert.equal(items.length, 1, JSON.stringify(items))
      const [item] = items
      assert.equal(item.team, 'ops')
      assert.equal(item.title, 'Flow: approve')
      assert.equal(item.source.kind, 'workflow')
      assert.equal(item.source.tx, id)
      // Nobody started the step: it waits for whoever opens it.
      const before = (await a.c.json('/api/history?limit=50')).items.map((h: any) => h.id)
      assert.ok(!before.includes(item.runId), 'the step has no run before it is opened')
      const { id: step } = await b.c.json(`/api/queue/${item.id}/open`, {})
      assert.equal(step, item.runId)
      const p = await promptOf(b.c, step)
      assert.equal(p.label, 'Approve 42?')
      await answer(b.c, step, p.seq, [true])
      const end = await ended(a.c, id)
      assert.equal(end.status, 'completed', JSON.stringify(end.error))
      assert.deepEqual(end.result.finish, { approved: true })
      assert.deepEqual(await inboxEmptied(a.c), [])

      // A workflow canceled while its step waits in the Inbox takes the step with it.
      const { id: again } = await a.c.json('/api/run', { slug: 'flow', params: {} })
      let waiting: any[] = []
      const queuedBy = Date.now() + 30_000
      while (!(waiting = (await b.c.json('/api/inbox')).items).length && Date.now() < queuedBy) await new Promise((r) => setTimeout(r, 200))
      assert.equal(waiting[0]?.source.tx, again)
      const cancel = await a.c.post(`/api/tx/${again}/message`, { type: 'cancel' })
      assert.equal(cancel.status, 204, await cancel.text())
      assert.equal((await ended(b.c, again)).status, 'canceled')
      assert.deepEqual(await inboxEmptied(b.c), [], 'its waiting step was withdrawn')
      assert.equal((await b.c.post(`/api/queue/${waiting[0].id}/open`, {})).status, 409)
    } finally {
      list.close()
      for (const p of procs.splice(0)) await killServe(p)
    }
  })

  it('a declared schedule in queue mode waits in its owner\'s Inbox, from both serves\' catalogs once; /api/schedules lists, adds and removes', async () => {
    const { a, b, list } = await twoServes('mi-restate-sched-', { 'ask.action.ts': ASK, 'greet.action.ts': GREET })
    try {
      // Both serves declared it: one schedule, armed.
      let schedules: any[] = []
      const armedBy = Date.now() + 20_000
      while (!(schedules = (await b.c.json('/api/schedules')).items).some((v: any) => v.next) && Date.now() < armedBy) await new Promise((r) => setTimeout(r, 300))
      assert.equal(schedules.length, 1, JSON.stringify(schedules))
      const [sched] = schedules
      assert.equal(sched.origin, 'action')
      assert.equal(sched.slug, 'ask')
      assert.equal(sched.actionName, 'Ask')
      const due = Date.parse(sched.next)

      // At its minute the run starts unattended and, at its prompt, waits in the owner's Inbox.
      await list.next((m) => m.type === 'inbox', due - Date.now() + 30_000)
      let items: any[] = []
      const queuedBy = Date.now() + 20_000
      while (!(items = (await b.c.json('/api/inbox')).items).length && Date.now() < queuedBy) await new Promise((r) => setTimeout(r, 300))
      assert.equal(items.length, 1, JSON.stringify(items))
      const run = `sched-${sched.id}-${new Date(due).toISOString().slice(0, 16).replace(/[-:T]/g, '')}`
      assert.equal(items[0].runId, run)
      assert.equal(items[0].source.kind, 'schedule')
      assert.equal(items[0].title, 'Ask: Who is there')
      // Opened from the Inbox: the run already waiting is the one shown.
      assert.equal((await a.c.json(`/api/queue/${items[0].id}/open`, {})).id, run)
      const p = await promptOf(a.c, run)
      await answer(a.c, run, p.seq, ['Ada'])
      const end = await ended(a.c, run)
      assert.equal(end.status, 'completed')
      assert.equal(end.result, 'hello Ada')
      assert.deepEqual(await inboxEmptied(b.c), [])
      const detail = await b.c.json(`/api/history/${run}`)
      assert.deepEqual(detail.entry?.trigger, { kind: 'schedule', schedule: sched.id, scheduledFor: new Date(due).toISOString() })
      const after = (await a.c.json('/api/schedules')).items[0]
      assert.equal(after.last?.runId, run)
      assert.equal(after.last?.status, 'completed')
      assert.ok(Date.parse(after.next) > due)

      // Added from the API on one serve, listed on the other, removed; a declared one is not removed from here.
      const bad = await a.c.post('/api/schedules', { slug: 'greet', cron: '0 25 * * *' })
      assert.equal(bad.status, 400)
      assert.match((await bad.json()).error, /hour/)
      const { schedule: added } = await a.c.json('/api/schedules', { slug: 'greet', cron: '0 9 * * 1', timezone: 'Europe/Paris', params: { name: 'Bob' } })
      assert.equal(added.origin, 'added')
      assert.ok((await b.c.json('/api/schedules')).items.some((v: any) => v.id === added.id && v.timezone === 'Europe/Paris'))
      const del = (id: string) => fetch(`${b.c.base}/api/schedules/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${b.c.token}`, origin: b.c.base } })
      assert.equal((await del(added.id)).status, 204)
      assert.equal((await del(sched.id)).status, 409)
      assert.deepEqual((await a.c.json('/api/schedules')).items.map((v: any) => v.id), [sched.id])
    } finally {
      list.close()
    }
  })
})
