// serve's schedules on the embedded engine, driven by a test clock: a declared
// schedule's minute starts a run as its owner (the first admin) with trigger
// schedule; a prompt in a run nobody is at fails it with a clear line (mode
// 'fail') or waits in the owner's Inbox (mode 'queue'); the schedule API's
// access rules; notifications reach exactly the people they name, serve's
// --webhook and the webhooks they name (Slack-compatible), and a schedule's
// notify tells of its run's end.
import * as assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Clock } from '../../src/core/schedules/scheduler'
import { scheduledRunId } from '../../src/core/schedules/scheduler'
import { scheduleId } from '../../src/core/schedules/spec'
import { PeopleStore } from '../../src/server/people/store'
import { startServer, type RunningServer } from '../../src/server/serve'
import { client, events, type Client } from './serve-client'
import { serveFolder } from './serve-folder'

/** A clock the test moves: timers fire when it passes them. */
class TestClock implements Clock {
  private readonly timers = new Set<{ at: number; fn: () => void }>()
  constructor(public t: number) {}
  now = (): number => this.t
  setTimer = (fn: () => void, ms: number): (() => void) => {
    const timer = { at: this.t + ms, fn }
    this.timers.add(timer)
    return () => this.timers.delete(timer)
  }
  advance(ms: number): void {
    this.t += ms
    for (const timer of [...this.timers].sort((a, b) => a.at - b.at)) if (timer.at <= this.t) (this.timers.delete(timer), timer.fn())
  }
}

const T0 = Date.parse('2026-01-05T08:59:30Z')
const NINE = new Date('2026-01-05T09:00:00Z')
const runOf = (slug: string, cron: string, at: Date, extra: { timezone?: string; params?: Record<string, unknown> } = {}) =>
  scheduledRunId(scheduleId(slug, { cron, timezone: extra.timezone ?? 'UTC', params: extra.params ?? {} }), at)

async function signIn(base: string, link: string): Promise<Client> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) })
  assert.equal(res.status, 200, await res.clone().text())
  return client(base, (await res.json()).token)
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await f().catch(() => undefined)
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

const del = (c: Client, path: string) => fetch(c.base + path, { method: 'DELETE', headers: { authorization: `Bearer ${c.token}` } })

describe('serve schedules and notifications (embedded)', function () {
  this.timeout(60_000)
  let server: RunningServer
  let hook: Server
  let hookUrl: string
  const hooked: { path: string; body: any }[] = []
  const clock = new TestClock(T0)
  let admin: Client, dev: Client, member: Client, auditor: Client
  let folder: string
  const logged: string[] = []

  /** A finished (or waiting) run as History shows it. */
  const entry = (c: Client, id: string, done = true) =>
    until(`run ${id}`, async () => {
      const res = await c.get(`/api/history/${id}`)
      if (!res.ok) return undefined
      const e = (await res.json()).entry
      return !done || !['running', 'awaiting'].includes(e.status) ? e : undefined
    })

  before(async () => {
    hook = createServer((req, res) => {
      let text = ''
      req.on('data', (d) => (text += d))
      req.on('end', () => {
        hooked.push({ path: req.url ?? '', body: JSON.parse(text) })
        res.writeHead(200).end('ok')
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}`
    const dirs = serveFolder()
    const f = (folder = dirs.folder)
    writeFileSync(join(f, 'report.action.ts'), `export default { name: 'Report', schedule: '0 9 * * *', handler: async (io: any, ctx: any) => ({ who: ctx.user.email, params: ctx.params }) }\n`)
    writeFileSync(join(f, 'ask.action.ts'), `export default { name: 'Ask', schedule: '0 9 * * *', handler: async (io: any) => io.input.text('Approve amount') }\n`)
    writeFileSync(join(f, 'askq.action.ts'), `export default { name: 'Ask later', schedule: '0 9 * * *', scheduleMode: 'queue', handler: async (io: any) => io.input.text('Sign off') }\n`)
    writeFileSync(join(f, 'fails.action.ts'), `export default { name: 'Fails', schedule: { cron: '0 9 * * *', notify: 'failure', notifyTo: ['${hookUrl}/sched'] }, handler: async () => { throw new Error('it broke') } }\n`)
    mkdirSync(join(f, 'finance'))
    writeFileSync(join(f, 'finance', 'pay.action.ts'), `export default { name: 'Pay', access: { teams: ['finance'] }, schedule: '30 9 * * *', handler: async () => 'paid' }\n`)
    writeFileSync(join(f, 'ping.action.ts'), `export default { name: 'Ping', handler: async (io: any, ctx: any) => {
      await ctx.notify({ message: 'for mo', title: 'Hi <Mo>', to: 'mo@x.io' })
      await ctx.notify({ message: 'for dev and a hook', to: ['dev@x.io', '${hookUrl}/named'] })
      await ctx.notify({ message: 'for the ops team', to: 'ops' })
      return 'sent'
    } }\n`)
    const people = new PeopleStore(dirs.data)
    const links = {
      admin: people.add({ email: 'ada@x.io', role: 'admin', teams: [], name: 'Ada Admin' }).link,
      dev: people.add({ email: 'dev@x.io', role: 'developer', teams: [] }).link,
      member: people.add({ email: 'mo@x.io', role: 'member', teams: ['ops'] }).link,
      auditor: people.add({ email: 'au@x.io', role: 'auditor', teams: [] }).link,
    }
    const log = { info: (l: string) => logged.push(l), warn: (l: string) => logged.push(l), error: (l: string) => logged.push(l) }
    server = await startServer({ folder: f, data: dirs.data, port: 0, dist: 'dist', log, scheduleClock: clock, webhook: `${hookUrl}/all` })
    const base = server.url.replace(/\/$/, '')
    admin = await signIn(base, links.admin)
    dev = await signIn(base, links.dev)
    member = await signIn(base, links.member)
    auditor = await signIn(base, links.auditor)
  })
  after(async () => {
    await server?.close()
    hook?.close()
  })

  it('lists declared schedules with their next run; a member only those of actions they may run', async () => {
    const all = (await admin.json('/api/schedules')).items
    const report = all.find((s: any) => s.slug === 'report')
    assert.deepEqual({ ...report, id: undefined }, { id: undefined, slug: 'report', actionName: 'Report', cron: '0 9 * * *', timezone: 'UTC', params: {}, origin: 'action', owner: 'ada@x.io', next: NINE.toISOString() })
    assert.ok(all.some((s: any) => s.slug === 'finance/pay'))
    assert.equal((await auditor.json('/api/schedules')).items.length, all.length)
    const mine = (await member.json('/api/schedules')).items
    assert.ok(mine.some((s: any) => s.slug === 'report') && !mine.some((s: any) => s.slug === 'finance/pay'))
  })

  it('follows the action files: a schedule added to one is listed (pushed), and gone with it', async () => {
    const stream = events(dev, '/api/events')
    try {
      await new Promise((r) => setTimeout(r, 200))
      writeFileSync(join(folder, 'later.action.ts'), `export default { name: 'Later', schedule: { cron: '15 9 * * *', timezone: 'Europe/Berlin' }, handler: async () => 'ok' }\n`)
      await stream.next((m) => m.type === 'schedules')
      const later = await until('the new schedule', async () => (await dev.json('/api/schedules')).items.find((s: any) => s.slug === 'later'))
      assert.equal(later.next, '2026-01-06T08:15:00.000Z') // 09:15 in Berlin is 08:15 UTC; today's is past at 09:59 Berlin
      rmSync(join(folder, 'later.action.ts'))
      await until('the schedule gone', async () => ((await dev.json('/api/schedules')).items.some((s: any) => s.slug === 'later') ? undefined : true))
    } finally {
      stream.close()
    }
  })

  it('runs each declared schedule at its minute as its owner, with trigger schedule', async () => {
    const stream = events(admin, '/api/events')
    clock.advance(30_000)
    try {
      const report = await entry(admin, runOf('report', '0 9 * * *', NINE))
      assert.equal(report.status, 'completed')
      assert.equal(report.user.email, 'ada@x.io')
      assert.deepEqual(report.result?.value ?? report.result, { who: 'ada@x.io', params: {} })
      assert.deepEqual(report.trigger, { kind: 'schedule', schedule: scheduleId('report', { cron: '0 9 * * *', timezone: 'UTC', params: {} }), scheduledFor: NINE.toISOString() })
      const page = await admin.json('/api/history?limit=100')
      const summary = page.items.find((s: any) => s.id === report.id)
      assert.equal(summary.trigger, 'schedule')
      await stream.next((m) => m.type === 'schedules')
      const listed = (await admin.json('/api/schedules')).items.find((s: any) => s.slug === 'report')
      assert.equal(listed.last.runId, report.id)
      assert.equal(listed.last.status, 'completed')
      assert.equal(listed.next, new Date(NINE.getTime() + 24 * 3600_000).toISOString())
    } finally {
      stream.close()
    }
  })

  it("fails a run nobody is at at its first prompt, saying why (mode 'fail')", async () => {
    const ask = await entry(admin, runOf('ask', '0 9 * * *', NINE))
    assert.equal(ask.status, 'failed')
    assert.equal(ask.error.name, 'NeedsPersonError')
    assert.match(ask.error.message, /Approve amount/)
    assert.match(ask.error.message, /it ran on its schedule "0 9 \* \* \*"/)
    assert.match(ask.error.message, /scheduleMode: 'queue'/)
  })

  it("queues a run nobody is at for its owner (mode 'queue')", async () => {
    const id = runOf('askq', '0 9 * * *', NINE)
    const waiting = await entry(admin, id, false)
    assert.ok(['running', 'awaiting'].includes(waiting.status), waiting.status)
    const item = await until('the inbox item', async () => (await admin.json('/api/inbox')).items.find((i: any) => i.runId === id))
    assert.equal(item.assignee, 'ada@x.io')
    assert.deepEqual(item.source, { kind: 'schedule', schedule: scheduleId('askq', { cron: '0 9 * * *', timezone: 'UTC', params: {} }), tx: id })
    assert.equal((await dev.json('/api/inbox')).items.some((i: any) => i.runId === id), false)
  })

  it("tells a schedule's notifyTo of its run's failure", async () => {
    const id = runOf('fails', '0 9 * * *', NINE)
    const got = await until('the schedule webhook', async () => hooked.find((h) => h.path === '/sched')).catch(async (e) => {
      console.log(JSON.stringify((await admin.json('/api/schedules')).items.find((s: any) => s.slug === 'fails')), logged.filter((l) => /fails|Fails|webhook/.test(l)), hooked.map((h) => h.path))
      throw e
    })
    assert.equal(got.body.message, 'Fails ran on its schedule: failed: it broke')
    assert.equal(got.body.tx, id)
    assert.equal(got.body.text, '*Fails*\nFails ran on its schedule: failed: it broke')
  })

  it('adds and removes schedules by role, with one-line errors', async () => {
    const bad = await dev.post('/api/schedules', { slug: 'report', cron: '61 * * * *' })
    assert.equal(bad.status, 400)
    const why = (await bad.json()).error as string
    assert.ok(!why.includes('\n') && /minute|61/.test(why), why)
    const badZone = await dev.post('/api/schedules', { slug: 'report', cron: '* * * * *', timezone: 'Mars/Olympus' })
    assert.equal(badZone.status, 400)
    assert.match((await badZone.json()).error, /Mars\/Olympus/)
    assert.equal((await dev.post('/api/schedules', { slug: 'nope', cron: '* * * * *' })).status, 400)
    assert.equal((await member.post('/api/schedules', { slug: 'report', cron: '* * * * *' })).status, 403)
    assert.equal((await auditor.post('/api/schedules', { slug: 'report', cron: '* * * * *' })).status, 403)
    const { schedule } = await dev.json('/api/schedules', { slug: 'report', cron: '*/5 * * * *', timezone: 'Europe/Berlin', params: { n: 1 } })
    assert.equal(schedule.origin, 'added')
    assert.equal(schedule.owner, 'dev@x.io')
    assert.equal(schedule.next, '2026-01-05T09:05:00.000Z')
    assert.equal((await del(member, `/api/schedules/${schedule.id}`)).status, 403)
    const declared = (await admin.json('/api/schedules')).items.find((s: any) => s.slug === 'report' && s.origin === 'action')
    const refused = await del(admin, `/api/schedules/${declared.id}`)
    assert.equal(refused.status, 409)
    assert.match((await refused.json()).error, /action file/)
    // It runs as whoever added it.
    clock.advance(5 * 60_000)
    const run = await entry(admin, scheduledRunId(schedule.id, new Date('2026-01-05T09:05:00Z')))
    assert.equal(run.user.email, 'dev@x.io')
    assert.deepEqual(run.params, { n: 1 })
    assert.equal((await del(dev, `/api/schedules/${schedule.id}`)).status, 204)
    assert.equal((await admin.json('/api/schedules')).items.some((s: any) => s.id === schedule.id), false)
    assert.equal((await del(dev, `/api/schedules/${schedule.id}`)).status, 404)
  })

  it('sends a notification only to the people it names, to serve\'s webhook and to the webhooks it names', async () => {
    const streams = { mo: events(member, '/api/events'), dev: events(dev, '/api/events'), au: events(auditor, '/api/events') }
    try {
      await new Promise((r) => setTimeout(r, 300)) // the streams are open
      const { id } = await admin.json('/api/run', { slug: 'ping' })
      const forMo = await streams.mo.next((m) => m.type === 'notify')
      assert.equal(forMo.message, 'for mo')
      assert.equal(forMo.title, 'Hi <Mo>')
      assert.equal(forMo.tx, id)
      const forDev = await streams.dev.next((m) => m.type === 'notify')
      assert.equal(forDev.message, 'for dev and a hook')
      const forTeam = await streams.mo.next((m) => m.type === 'notify')
      assert.equal(forTeam.message, 'for the ops team')
      await new Promise((r) => setTimeout(r, 300))
      assert.deepEqual(streams.dev.seen.filter((m) => m.type === 'notify').map((m) => m.message), ['for dev and a hook'])
      assert.deepEqual(streams.au.seen.filter((m) => m.type === 'notify'), [])
      const named = await until('the named webhook', async () => hooked.find((h) => h.path === '/named'))
      assert.equal(named.body.text, 'for dev and a hook')
      assert.equal(named.body.tx, id)
      assert.equal(named.body.action, 'ping')
      assert.equal(named.body.url, `${server.url}tx/${id}`)
      // serve's --webhook gets every one; Slack reads <, > and & as markup, so they are escaped in `text`.
      const all = await until('serve\'s webhook', async () => (hooked.filter((h) => h.path === '/all' && h.body.tx === id).length === 3 ? hooked.filter((h) => h.path === '/all' && h.body.tx === id) : undefined))
      assert.deepEqual(all.map((h) => h.body.text).sort(), ['*Hi &lt;Mo&gt;*\nfor mo', 'for dev and a hook', 'for the ops team'])
      assert.ok(!hooked.some((h) => h.path === '/named' && h.body.message !== 'for dev and a hook'))
    } finally {
      Object.values(streams).forEach((s) => s.close())
    }
  })
})
