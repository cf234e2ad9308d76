// Schedules on Restate under faults: the endpoint (serve's) is killed with
// SIGKILL 51 times just before, at and after three minute edges, and
// started again on the same port each time. Restate holds each schedule's
// delayed tick and retries it until an endpoint answers, so each scheduled
// time still runs exactly once: one workflow `sched-<id>-<minute>` per minute,
// none missing, none extra, each completed. (Node 24; about three real minutes.)
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { startRestate, type RestateNode } from './server'
import { actionsDir, startEndpointProc, type EndpointProc } from './harness'
import { RestateSchedules } from '../../src/server/restate/schedules'
import { RestateTx } from '../../src/server/restate/client'
import { declaredSchedules, type Schedule } from '../../src/core/schedules/spec'
import { scheduledRunId } from '../../src/core/schedules/scheduler'
import { quiet, runsOf, TICK, until } from './schedule-helpers'

const MIN = 60_000
/** When each kill falls, from a minute's edge (ms): before it, at it (the tick, the run's start), and after (the run under way). */
// Back to back near the edge (each restart takes a moment, so close ones fall as soon as it is up): 17 an edge, 51 in all.
const AROUND_EDGE = [-40000, -30000, -20000, -12000, -6000, -3000, -1500, -900, -400, -150, 0, 100, 300, 500, 1200, 2500, 4500]
const EDGES = 3

describe('Restate engine: schedules while serve is killed', function () {
  this.timeout(330_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  let ep: EndpointProc
  let dir: string

  before(async () => {
    dir = actionsDir({ 'tick.action.ts': TICK })
    restate = await startRestate()
    ep = await startEndpointProc(dir, restate.admin, undefined, 'endpoint', { MI_INGRESS: restate.ingress })
  })
  afterEach(function () {
    if (this.currentTest?.state === 'failed') console.log(`endpoint output (end):\n${ep.output().slice(-4000)}`)
  })
  after(async () => {
    await ep?.kill()
    await restate?.cleanup()
  })

  it(`runs each scheduled minute exactly once with ${AROUND_EDGE.length} SIGKILLs around each of ${EDGES} minute edges`, async () => {
    const declared: Schedule[] = [
      ...declaredSchedules('tick', [{ cron: '* * * * *', timezone: 'UTC', params: { file: join(dir, 'a.lines') } }]),
      ...declaredSchedules('tick', [{ cron: '* * * * *', timezone: 'UTC', params: { file: join(dir, 'b.lines') } }]),
    ]
    const schedules = new RestateSchedules({ ingress: restate.ingress, admin: restate.admin, nameOf: (s) => s, log: quiet })
    schedules.setDeclared(declared)
    await schedules.declared()
    const next = await until('both armed', async () => {
      const list = await schedules.list()
      return list.length === 2 && list.every((v) => v.next) ? list.map((v) => Date.parse(v.next!)) : undefined
    })
    // Both armed for the same minute (an edge between their arming: the later one), the first edge killed around.
    const m0 = Math.max(...next)
    let kills = 0
    for (let k = 0; k < EDGES; k++) {
      const edge = m0 + k * MIN
      for (const offset of AROUND_EDGE) {
        const wait = edge + offset - Date.now()
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        await ep.kill()
        kills++
        await ep.start()
      }
    }
    const last = m0 + (EDGES - 1) * MIN
    console.log(`      ${kills} SIGKILLs of the endpoint around ${EDGES} minute edges (${new Date(m0).toISOString()} to ${new Date(last).toISOString()})`)

    for (const s of declared) {
      const want = Array.from({ length: EDGES }, (_, k) => scheduledRunId(s.id, new Date(m0 + k * MIN)))
      const runs = await until(`the runs of ${s.id} completed`, async () => {
        const r = (await runsOf(restate.admin, s.id)).filter((x) => x.key <= want.at(-1)!)
        return r.length >= EDGES && r.every((x) => x.status === 'completed') && r
      }, 90_000)
      // Nothing before the first armed minute, one run per minute, none twice (a workflow id runs once).
      assert.deepEqual(runs.map((r) => r.key), want, `${s.id}: each scheduled minute ran exactly once`)
      for (const id of want) assert.equal((await new RestateTx(restate.ingress, id).view())?.status, 'completed', `${id} completed`)
    }
    schedules.close()
  })
})
