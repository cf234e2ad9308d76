// serve's Inbox (queued actions) on the embedded engine: who sees what (an
// assignee, a team, anyone who may run it; never an auditor; never an action
// they may not run), who may queue (not auditors, only actions they may run,
// only for a person of the server), opening starts the run with the item's
// run id once (opening again shows it), the run's end takes the item out of
// every Inbox, the creator or an admin withdraws it, ctx.enqueue, and a
// workflow's human step for a team waits until one of them runs it.
import * as assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PeopleStore } from '../../src/server/people/store'
import { startServer, type RunningServer } from '../../src/server/serve'
import { client, events, waitingAt, type Client } from './serve-client'
import { serveFolder } from './serve-folder'

const WORKFLOW = {
  name: 'Approval',
  steps: [
    { id: 'prepare', type: 'task', config: { duration_seconds: 0 }, depends_on: [] },
    { id: 'approve', type: 'task', config: { action: 'approve', team: 'ops', duration_seconds: 0 }, depends_on: ['prepare'] },
    { id: 'after', type: 'task', config: { duration_seconds: 0 }, depends_on: ['approve'] },
  ],
}

function inboxFolder() {
  const dirs = serveFolder()
  mkdirSync(join(dirs.folder, 'finance'))
  writeFileSync(join(dirs.folder, 'finance', 'pay.action.ts'), `export default { name: 'Pay', access: { teams: ['finance'] }, handler: async (io: any) => 'paid ' + (await io.input.text('Amount')) }\n`)
  writeFileSync(join(dirs.folder, 'approve.action.ts'), `export default { name: 'Approve', handler: async (io: any, ctx: any) => ({ by: ctx.user.email, ok: await io.confirm('Approve it?') }) }\n`)
  writeFileSync(join(dirs.folder, 'delegate.action.ts'), `export default { name: 'Delegate', handler: async (io: any, ctx: any) => {
    const a = await ctx.enqueue('hello', { assignee: String(ctx.params.to), params: { from: ctx.user.email }, title: 'Say hello' })
    try { await ctx.enqueue('hello', { assignee: 'nobody@x.io' }) } catch (e: any) { return { a: a.id, refused: e.message } }
    return { a: a.id }
  } }\n`)
  writeFileSync(join(dirs.folder, 'approval.workflow.json'), JSON.stringify(WORKFLOW, null, 1))
  return dirs
}

async function signIn(base: string, link: string): Promise<Client> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) })
  assert.equal(res.status, 200, await res.clone().text())
  return client(base, (await res.json()).token)
}

const del = (c: Client, path: string): Promise<Response> => fetch(c.base + path, { method: 'DELETE', headers: { authorization: `Bearer ${c.token}` } })

/** The run once it ended, as History shows it. */
async function ended(c: Client, id: string): Promise<any> {
  const s = events(c, `/api/tx/${id}/events`)
  try {
    await s.next((m) => m.type === 'history' || (m.type === 'state' && !['running', 'awaiting'].includes(m.state.status)), 30_000)
  } finally {
    s.close()
  }
  return (await c.json(`/api/history/${id}`)).entry
}

async function answer(c: Client, id: string, label: string, values: unknown[]): Promise<void> {
  const s = events(c, `/api/tx/${id}/events`)
  try {
    const at = await s.next(waitingAt(label))
    const res = await c.post(`/api/tx/${id}/message`, { type: 'submit', seq: at.state.prompt.seq, values })
    assert.equal(res.status, 204, await res.text())
  } finally {
    s.close()
  }
}

const inbox = async (c: Client): Promise<any[]> => (await c.json('/api/inbox')).items

describe('serve: the Inbox', function () {
  this.timeout(90_000)
  let server: RunningServer
  let base: string
  let admin: Client, dev: Client, mo: Client, fi: Client, au: Client, sam: Client
  const log = { info: () => undefined, warn: () => undefined, error: (l: string) => console.error(l) }

  before(async () => {
    const dirs = inboxFolder()
    server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log, idleMs: 60_000 })
    base = server.url.replace(/\/$/, '')
    const people = new PeopleStore(dirs.data)
    const link = (email: string, role: any, teams: string[] = []) => `${base}/signin?link=${people.add({ email, role, teams }).link}`
    admin = await signIn(base, link('ada@x.io', 'admin'))
    dev = await signIn(base, link('dev@x.io', 'developer'))
    mo = await signIn(base, link('mo@x.io', 'member', ['ops']))
    sam = await signIn(base, link('sam@x.io', 'member', ['ops']))
    fi = await signIn(base, link('fi@x.io', 'member', ['finance']))
    au = await signIn(base, link('au@x.io', 'auditor'))
  })
  after(async () => server?.close())

  it('refuses without a session, and across origins', async () => {
    for (const [method, path] of [['GET', '/api/inbox'], ['POST', '/api/queue'], ['POST', '/api/queue/abc/open'], ['DELETE', '/api/queue/abc']] as const) {
      const res = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, ...(method === 'POST' ? { body: '{"slug":"hello"}' } : {}) })
      assert.equal(res.status, 401, `${method} ${path}`)
    }
    const cross = await mo.post('/api/queue', { slug: 'hello' }, { origin: 'https://evil.example' })
    assert.equal(cross.status, 403)
  })

  it('who may queue: not an auditor, not an action they may not run, only for a person of the server who may run it', async () => {
    assert.equal((await au.post('/api/queue', { slug: 'hello' })).status, 403)
    assert.equal((await mo.post('/api/queue', { slug: 'finance/pay', assignee: 'fi@x.io' })).status, 403)
    const unknown = await mo.post('/api/queue', { slug: 'nope' })
    assert.equal(unknown.status, 400)
    assert.match((await unknown.json()).error, /No action "nope"/)
    const nobody = await mo.post('/api/queue', { slug: 'hello', assignee: 'nobody@x.io' })
    assert.equal(nobody.status, 400)
    assert.match((await nobody.json()).error, /nobody@x\.io is not a person of this server/)
    const cannot = await dev.post('/api/queue', { slug: 'finance/pay', assignee: 'mo@x.io' })
    assert.equal(cannot.status, 400)
    assert.match((await cannot.json()).error, /mo@x\.io may not run Pay/)
    assert.equal((await mo.post('/api/queue', { slug: 'hello', extra: 1 })).status, 400)
    assert.deepEqual(await inbox(au), [])
  })

  it('an item shows in its assignee\'s Inbox only; opening runs it once as them; its end takes it out', async () => {
    const { item } = await dev.json('/api/queue', { slug: 'hello', assignee: 'MO@x.io', params: { x: 1 }, title: 'Greet' })
    assert.equal(item.assignee, 'mo@x.io')
    assert.equal(item.createdBy, 'dev@x.io')
    assert.deepEqual((await inbox(mo)).map((i) => i.id), [item.id])
    for (const other of [sam, fi, dev, admin]) assert.ok(!(await inbox(other)).some((i) => i.id === item.id))
    assert.equal((await sam.post(`/api/queue/${item.id}/open`, {})).status, 403, 'not for sam')
    const { id } = await mo.json(`/api/queue/${item.id}/open`, {})
    assert.equal(id, item.runId)
    assert.equal((await mo.json(`/api/queue/${item.id}/open`, {})).id, id, 'opening again shows the same run')
    assert.equal((await del(dev, `/api/queue/${item.id}`)).status, 409, 'started: no longer withdrawn')
    assert.equal((await inbox(mo))[0].state, 'started')
    await answer(mo, id, 'Your name', ['Mo'])
    const entry = await ended(mo, id)
    assert.equal(entry.status, 'completed')
    assert.equal(entry.result, 'Hello, Mo')
    assert.equal(entry.user.email, 'mo@x.io', 'run as who opened it')
    assert.deepEqual(entry.trigger, { kind: 'queue', item: item.id })
    const left = await (async () => {
      for (let i = 0; i < 100; i++) {
        if (!(await inbox(mo)).length) return true
        await new Promise((r) => setTimeout(r, 50))
      }
      return false
    })()
    assert.ok(left, 'the item left the inbox')
    assert.equal((await server.queue!.get(item.id))?.outcome, 'completed')
    const again = await mo.post(`/api/queue/${item.id}/open`, {})
    assert.equal(again.status, 409)
  })

  it('a team item shows to its team; an unassigned one to everyone who may run it; never an action they may not run', async () => {
    const team = (await dev.json('/api/queue', { slug: 'hello', team: 'ops' })).item
    const anyone = (await dev.json('/api/queue', { slug: 'hello' })).item
    const pay = (await dev.json('/api/queue', { slug: 'finance/pay' })).item
    const ids = async (c: Client) => (await inbox(c)).map((i) => i.id).sort()
    assert.deepEqual(await ids(mo), [anyone.id, team.id].sort())
    assert.deepEqual(await ids(sam), [anyone.id, team.id].sort())
    assert.deepEqual(await ids(fi), [anyone.id, pay.id].sort())
    assert.deepEqual(await ids(dev), [anyone.id, pay.id].sort())
    assert.equal((await mo.post(`/api/queue/${pay.id}/open`, {})).status, 403)
    // ?created=me: what one queued (for whomever), still open; nobody else's.
    assert.deepEqual((await dev.json('/api/inbox?created=me')).items.map((i: any) => i.id).sort(), [team.id, anyone.id, pay.id].sort())
    assert.deepEqual((await mo.json('/api/inbox?created=me')).items, [])
    assert.deepEqual((await au.json('/api/inbox?created=me')).items, [])
    // Withdrawing: only who queued it, or an admin.
    assert.equal((await del(mo, `/api/queue/${team.id}`)).status, 403)
    assert.equal((await del(dev, `/api/queue/${team.id}`)).status, 204)
    assert.equal((await del(admin, `/api/queue/${anyone.id}`)).status, 204)
    assert.equal((await del(admin, `/api/queue/${pay.id}`)).status, 204)
    assert.equal((await mo.post(`/api/queue/${team.id}/open`, {})).status, 409)
    assert.deepEqual(await ids(mo), [])
    assert.equal((await del(admin, '/api/queue/nope')).status, 404)
  })

  it('the list stream says when an Inbox may have changed', async () => {
    const s = events(mo, '/api/events')
    try {
      await new Promise((r) => setTimeout(r, 200))
      const { item } = await dev.json('/api/queue', { slug: 'hello', assignee: 'mo@x.io' })
      await s.next((m) => m.type === 'inbox')
      assert.equal((await del(dev, `/api/queue/${item.id}`)).status, 204)
    } finally {
      s.close()
    }
  })

  it('ctx.enqueue queues for a person (an id of the run), and refuses an assignee who is nobody', async () => {
    const { id } = await dev.json('/api/run', { slug: 'delegate', params: { to: 'mo@x.io' } })
    const entry = await ended(dev, id)
    assert.equal(entry.status, 'completed', JSON.stringify(entry.error))
    assert.equal(entry.result.a, `${id}-q1`)
    assert.match(entry.result.refused, /nobody@x\.io is not a person of this server/)
    const [item] = (await inbox(mo)).filter((i) => i.id === `${id}-q1`)
    assert.ok(item)
    assert.deepEqual(item.source, { kind: 'ctx', tx: id })
    assert.equal(item.createdBy, 'dev@x.io')
    assert.equal(item.title, 'Say hello')
    assert.deepEqual(item.params, { from: 'dev@x.io' })
    assert.equal((await del(dev, `/api/queue/${item.id}`)).status, 204)
  })

  it('a workflow\'s human step for a team waits in its Inbox, and the workflow goes on when one of them answers', async () => {
    const { id } = await dev.json('/api/run', { slug: 'approval' })
    const child = `${id}-s1-1`
    const mine = async (c: Client) => (await inbox(c)).filter((i) => i.runId === child)
    const [item] = await (async () => {
      for (let i = 0; i < 200; i++) {
        const found = await mine(sam)
        if (found.length) return found
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error('the step never reached the inbox')
    })()
    assert.equal(item.team, 'ops')
    assert.equal(item.title, 'Approval: approve')
    // Its run's page asks where it waits: for those it is for (who may open it), its creator, those who read all History; not others.
    const byRun = async (c: Client) => c.get(`/api/queue?run=${child}`)
    assert.deepEqual(await (await byRun(sam)).json().then((b: any) => [b.item.id, b.forYou]), [item.id, true])
    assert.deepEqual(await (await byRun(dev)).json().then((b: any) => [b.item.id, b.forYou]), [item.id, false])
    assert.equal((await byRun(au)).status, 200)
    assert.equal((await byRun(fi)).status, 403)
    assert.equal((await mo.get('/api/queue?run=nope')).status, 404)
    assert.deepEqual(item.source, { kind: 'workflow', tx: id, step: 'approve' })
    assert.equal((await mine(mo)).length, 1)
    assert.equal((await mine(fi)).length, 0, 'not in ops')
    assert.equal((await fi.post(`/api/queue/${item.id}/open`, {})).status, 403)
    // It waits: nothing started the step's run.
    await new Promise((r) => setTimeout(r, 1500))
    assert.equal(server.runs.get(child), undefined)
    const opened = await sam.json(`/api/queue/${item.id}/open`, {})
    assert.equal(opened.id, child)
    await answer(sam, child, 'Approve it?', [true])
    const wf = await ended(dev, id)
    assert.equal(wf.status, 'completed', JSON.stringify(wf.error))
    assert.deepEqual(wf.result.approve, { by: 'sam@x.io', ok: true })
    assert.equal((await mine(mo)).length, 0)
  })
})

describe('serve: a workflow step in an Inbox that nobody will run', function () {
  this.timeout(60_000)
  let server: RunningServer
  after(async () => server?.close())

  it('withdrawn, the step fails with that reason; a workflow canceled withdraws its waiting step', async () => {
    const dirs = inboxFolder()
    server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: { info: () => undefined, warn: () => undefined, error: () => undefined } })
    const me = client(server.url.replace(/\/$/, ''), server.token)
    const waitItem = async (runId: string) => {
      for (let i = 0; i < 200; i++) {
        const it = await server.queue!.get(runId)
        if (it) return it
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`no item for ${runId}`)
    }
    const first = (await me.json('/api/run', { slug: 'approval' })).id
    await waitItem(`${first}-s1-1`)
    assert.equal((await del(me, `/api/queue/${first}-s1-1`)).status, 204)
    const failed = await ended(me, first)
    assert.equal(failed.status, 'failed')
    assert.match(failed.error.message, /Step "approve" failed: Its Inbox item was withdrawn\./)

    const second = (await me.json('/api/run', { slug: 'approval' })).id
    await waitItem(`${second}-s1-1`)
    assert.equal((await me.post(`/api/tx/${second}/message`, { type: 'cancel' })).status, 204)
    assert.equal((await ended(me, second)).status, 'canceled')
    for (let i = 0; i < 100 && (await server.queue!.get(`${second}-s1-1`))?.state !== 'withdrawn'; i++) await new Promise((r) => setTimeout(r, 50))
    assert.equal((await server.queue!.get(`${second}-s1-1`))?.state, 'withdrawn')
    assert.deepEqual(await inbox(me), [])
  })
})

describe('serve: the Inbox before anyone was added', function () {
  this.timeout(60_000)
  let server: RunningServer
  after(async () => server?.close())

  it('the server\'s own user queues, sees everything queued, and runs it', async () => {
    const dirs = inboxFolder()
    server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: { info: () => undefined, warn: () => undefined, error: () => undefined } })
    const me = client(server.url.replace(/\/$/, ''), server.token)
    const { item } = await me.json('/api/queue', { slug: 'hello', team: 'ops' })
    assert.equal((await me.post('/api/queue', { slug: 'hello', assignee: 'someone@x.io' })).status, 400)
    assert.deepEqual((await inbox(me)).map((i) => i.id), [item.id])
    const { id } = await me.json(`/api/queue/${item.id}/open`, {})
    await answer(me, id, 'Your name', ['Me'])
    assert.equal((await ended(me, id)).status, 'completed')
  })
})

describe('serve: a workflow step waiting in an Inbox across a restart', function () {
  this.timeout(90_000)
  const servers: RunningServer[] = []
  after(async () => Promise.all(servers.map((s) => s.close())))

  it('after serve restarts, the workflow waits on (the item is not queued again), and goes on when the step is run', async () => {
    const dirs = inboxFolder()
    const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined }
    const first = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: quiet })
    servers.push(first)
    const people = new PeopleStore(dirs.data)
    const linkOf = (s: RunningServer, email: string) => `${s.url.replace(/\/$/, '')}/signin?link=${people.link(email)}`
    people.add({ email: 'ada@x.io', role: 'admin' })
    people.add({ email: 'mo@x.io', role: 'member', teams: ['ops'] })
    const ada = await signIn(first.url.replace(/\/$/, ''), linkOf(first, 'ada@x.io'))
    const { id } = await ada.json('/api/run', { slug: 'approval' })
    const child = `${id}-s1-1`
    for (let i = 0; i < 200 && !(await first.queue!.get(child)); i++) await new Promise((r) => setTimeout(r, 50))
    const queued = await first.queue!.get(child)
    assert.ok(queued, 'queued before the restart')
    await first.close()

    const second = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: quiet })
    servers.push(second)
    const base = second.url.replace(/\/$/, '')
    const mo = await signIn(base, linkOf(second, 'mo@x.io'))
    for (let i = 0; i < 200 && !second.runs.get(id); i++) await new Promise((r) => setTimeout(r, 50))
    assert.ok(second.runs.get(id), 'the workflow resumed')
    const items = (await inbox(mo)).filter((i) => i.runId === child)
    assert.equal(items.length, 1)
    assert.equal(items[0].createdAt, queued.createdAt, 'the same item, not queued again')
    assert.equal((await mo.json(`/api/queue/${child}/open`, {})).id, child)
    await answer(mo, child, 'Approve it?', [false])
    const wf = await ended(mo, id)
    assert.equal(wf.status, 'completed', JSON.stringify(wf.error))
    assert.deepEqual(wf.result.approve, { by: 'mo@x.io', ok: false })
  })
})
