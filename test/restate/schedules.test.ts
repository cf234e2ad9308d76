// Schedules on Restate (src/server/restate/schedules.ts), with two endpoint
// processes (two serves) behind one Restate: declared schedules (set by both,
// at once, and again) and an added one fire at each minute on Restate's own
// delayed calls, each scheduled time exactly once; a prompt fails an
// unattended run (scheduleMode 'fail') or waits in its owner's Inbox ('queue'),
// which an answer finishes; `notify: 'always'` tells of each run once; the list
// shows the next and the last run from any serve. (Node 24; waits two real minute edges.)
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { register, startRestate, type RestateNode } from './server'
import { actionsDir, startEndpointProc, type EndpointProc } from './harness'
import { startBalancer } from './balancer'
import { sql } from './introspect'
import { ASK, quiet, runsOf, TICK, until } from './schedule-helpers'
import { RestateSchedules } from '../../src/server/restate/schedules'
import { RestateQueueStore } from '../../src/server/restate/queue'
import { RestateTx } from '../../src/server/restate/client'
import { declaredSchedules, type Schedule } from '../../src/core/schedules/spec'
import { scheduledRunId } from '../../src/core/schedules/scheduler'
import type { User } from '../../src/core/protocol'

const OWNER: User = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }
const lines = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])
const MIN = 60_000

describe('Restate engine: schedules', function () {
  this.timeout(240_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let eps: EndpointProc[] = []
  let balancer: Awaited<ReturnType<typeof startBalancer>>
  let dir: string

  before(async () => {
    dir = actionsDir({ 'tick.action.ts': TICK, 'ask-fail.action.ts': ASK, 'ask-queue.action.ts': ASK })
    restate = await startRestate()
    const env = { MI_INGRESS: restate.ingress, MI_QUEUE_MODE: 'ask-queue' }
    eps = [await startEndpointProc(dir, undefined, undefined, 'endpoint', env), await startEndpointProc(dir, undefined, undefined, 'endpoint', env)]
    balancer = await startBalancer(eps.map((e) => e.port))
    await register(restate.admin, balancer.url)
  })
  afterEach(function () {
    if (this.currentTest?.state === 'failed') eps.forEach((e, i) => console.log(`endpoint ${i} output (end):\n${e.output().slice(-4000)}`))
  })
  after(async () => {
    await balancer?.close()
    for (const e of eps) await e.kill()
    await restate?.cleanup()
  })

  it('runs each scheduled minute once from two serves; unattended prompts fail or queue for the owner; the list shows next and last', async () => {
    const file = join(dir, 'declared.lines')
    const addedFile = join(dir, 'added.lines')
    const every = { cron: '* * * * *', timezone: 'UTC' }
    const declared: Schedule[] = [
      ...declaredSchedules('tick', [{ ...every, params: { file } }]),
      ...declaredSchedules('ask-fail', [{ ...every, params: {} }]),
      ...declaredSchedules('ask-queue', [{ ...every, params: {} }]),
    ]
    // Every serve declares its catalog's schedules at start and at each change: here two at once, then one again.
    const a = new RestateSchedules({ ingress: restate.ingress, admin: restate.admin, nameOf: (s) => s, log: quiet })
    const b = new RestateSchedules({ ingress: restate.ingress, admin: restate.admin, nameOf: (s) => s, log: quiet })
    a.setDeclared(declared)
    b.setDeclared(declared)
    await Promise.all([a.declared(), b.declared()])
    a.setDeclared(declared)
    await a.declared()
    await assert.rejects(a.add({ slug: 'tick', cron: '61 * * * *' }, OWNER.email), (e: Error) => /minute/.test(e.message) && !e.message.includes('\n'))
    const added = await b.add({ slug: 'tick', cron: '* * * * *', params: { file: addedFile }, notify: 'always', notifyTo: ['ops@example.com'] }, OWNER.email)
    assert.equal(added.origin, 'added')

    // Armed: each one's next time, from Restate (a minute edge right after this may arm some for the one after).
    const ids = [...declared.map((s) => s.id), added.id]
    const first = await until('every schedule armed', async () => {
      const list = await a.list()
      return list.length === 4 && list.every((v) => v.next) ? new Map(list.map((v) => [v.id, Date.parse(v.next!)])) : undefined
    })
    const latest = Math.max(...first.values())
    // Two minute edges for each.
    await new Promise((r) => setTimeout(r, latest + MIN + 12_000 - Date.now()))

    for (const id of ids) {
      const m0 = first.get(id)!
      const want = [scheduledRunId(id, new Date(m0)), scheduledRunId(id, new Date(m0 + MIN))]
      const runs = await until(`both runs of ${id}`, async () => {
        const r = await runsOf(restate.admin, id)
        return r.length >= 2 && r
      })
      assert.deepEqual(runs.map((r) => r.key).filter((k) => k <= want[1]), want, `${id}: one run per scheduled minute`)
    }
    const [tick, askFail, askQueue] = declared
    // The step of each run ran once: one line per run, as the owner (ctx.user).
    await until('the declared tick runs completed', async () => lines(file).length >= 2)
    assert.deepEqual(lines(file).slice(0, 2), [OWNER.email, OWNER.email])
    await until('the added tick runs completed', async () => lines(addedFile).length >= 2)

    // scheduleMode 'fail': the prompt fails the run, saying why nobody is there.
    const failed = await new RestateTx(restate.ingress, scheduledRunId(askFail.id, new Date(first.get(askFail.id)!))).attach(30_000)
    assert.equal(failed.status, 'failed')
    assert.equal(failed.error?.name, 'NeedsPersonError')
    assert.match(failed.error!.message, /Who is there/)
    assert.match(failed.error!.message, /it ran on its schedule "\* \* \* \* \*"/)

    // scheduleMode 'queue': the run waits in its owner's Inbox; answering it ends it and its item.
    const queue = new RestateQueueStore(restate.ingress)
    const runId = scheduledRunId(askQueue.id, new Date(first.get(askQueue.id)!))
    const item = await until('the queued item', () => queue.get(`${runId}-p`))
    assert.equal(item.runId, runId)
    assert.equal(item.assignee, OWNER.email)
    assert.deepEqual(item.source, { kind: 'schedule', schedule: askQueue.id, tx: runId })
    assert.ok((await queue.open({ email: OWNER.email, teams: [] })).some((i) => i.id === item.id), 'in the owner\'s Inbox')
    assert.ok(!(await queue.open({ email: 'bob@example.com', teams: [] })).some((i) => i.id === item.id), 'not in another\'s')
    assert.equal((await queue.start(item.id, OWNER.email))?.state, 'started')
    const t = new RestateTx(restate.ingress, runId)
    const w = await t.next(0)
    assert.ok('seq' in w)
    await t.answer({ seq: w.seq, values: ['Ada'], by: OWNER.email })
    const end = await t.attach(30_000)
    assert.equal(end.status, 'completed')
    const done = await until('its item done', async () => {
      const i = await queue.get(item.id)
      return i?.state === 'done' && i
    })
    assert.equal(done.outcome, 'completed')
    assert.ok(!(await queue.open()).some((i) => i.id === item.id))
    queue.close()

    // notify 'always': each run of the added schedule told once (in a journaled step of the endpoint that ran it).
    const told = eps.flatMap((e) => [...e.output().matchAll(/^notify (.*)$/gm)].map((m) => JSON.parse(m[1]) as { message: string; to: string[]; tx: string }))
    const addedRuns = [scheduledRunId(added.id, new Date(first.get(added.id)!)), scheduledRunId(added.id, new Date(first.get(added.id)! + MIN))]
    for (const run of addedRuns) {
      const n = told.filter((x) => x.tx === run)
      assert.equal(n.length, 1, `${run} told once: ${JSON.stringify(told)}`)
      assert.equal(n[0].message, 'tick ran on its schedule: completed')
      assert.deepEqual(n[0].to, ['ops@example.com'])
    }
    assert.ok(!told.some((x) => x.tx.startsWith(`sched-${tick.id}-`)), 'a schedule without notify tells nobody')

    // The list, from either serve: next in the future, the last run and its status.
    const list = new Map((await b.list()).map((v) => [v.id, v]))
    const now = Date.now()
    for (const id of ids) assert.ok(Date.parse(list.get(id)!.next!) > now - 5000, `${id} armed for what comes`)
    assert.equal(list.get(tick.id)!.last?.runId.startsWith(`sched-${tick.id}-`), true)
    assert.equal(list.get(tick.id)!.last?.status, 'completed')
    assert.equal(list.get(askFail.id)!.last?.status, 'failed')
    assert.equal(list.get(added.id)!.owner, OWNER.email)
    assert.equal(list.get(added.id)!.notify, 'always')

    // A declared schedule is removed by editing its action; an added one from here. Dropped from the files: disarmed.
    assert.equal(await a.remove(tick.id), 'declared')
    assert.equal(await a.remove(added.id), 'removed')
    assert.equal(await a.remove(added.id), 'unknown')
    b.setDeclared([tick])
    await b.declared()
    assert.deepEqual((await a.list()).map((v) => v.id), [tick.id])
    // The registry disarms them with calls Restate delivers next.
    await until('the others disarmed', async () => {
      const armed = (await sql(restate.admin, `SELECT service_key FROM state WHERE service_name = 'schedule' AND key = 'armed'`)) as { service_key: string }[]
      return armed.length === 1 && armed[0].service_key === tick.id
    }, 10_000)
    a.close()
    b.close()
  })
})
