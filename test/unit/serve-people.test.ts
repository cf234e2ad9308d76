// serve with people: every door refuses no session, an expired one, a removed
// person's; members, auditors and Interval's `access` are enforced on the
// server (start, answer, cancel, read); links work once; sign-in is limited;
// who did what is in History; nothing secret reaches the log or History.
import * as assert from 'node:assert/strict'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { linkOf } from '../../src/server/people/routes'
import { PeopleStore } from '../../src/server/people/store'
import { startServer, type RunningServer } from '../../src/server/serve'
import { client, events, waitingAt, type Client } from './serve-client'
import { serveFolder } from './serve-folder'

const DAY = 24 * 3600_000

function peopleFolder() {
  const dirs = serveFolder()
  mkdirSync(join(dirs.folder, 'finance'))
  writeFileSync(join(dirs.folder, 'finance', 'pay.action.ts'), `export default { name: 'Pay', access: { teams: ['finance'] }, handler: async (io: any) => 'paid ' + (await io.input.text('Amount')) }\n`)
  writeFileSync(join(dirs.folder, 'whoami.action.ts'), `export default { handler: async (io: any, ctx: any) => ctx.user }\n`)
  writeFileSync(join(dirs.folder, 'fails.action.ts'), `export default { handler: async () => { throw new Error('it broke') } }\n`)
  return dirs
}

/** A person's API client: signs in with their link as VS Code does (POST /api/session). */
async function signIn(base: string, link: string): Promise<Client & { session: string }> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) })
  assert.equal(res.status, 200, await res.clone().text())
  const body = await res.json()
  return Object.assign(client(base, body.token), { session: body.token as string })
}

async function finished(c: Client, id: string): Promise<any> {
  const s = events(c, `/api/tx/${id}/events`)
  try {
    return await s.next((m) => m.type === 'history' || (m.type === 'state' && !['running', 'awaiting'].includes(m.state.status)))
  } finally {
    s.close()
  }
}

describe('serve with people', function () {
  this.timeout(60_000)
  let server: RunningServer
  let base: string
  let dirs: { folder: string; data: string }
  let cli: PeopleStore
  const logged: string[] = []
  const secrets: string[] = []
  const log = { info: (l: string) => logged.push(l), warn: (l: string) => logged.push(l), error: (l: string) => logged.push(l) }
  let admin: Client, dev: Client, member: Client, financier: Client, auditor: Client
  let payRun: string
  /** An open Inbox item (queued by the admin for anyone) and an added schedule: the doors of the new routes name real ones. */
  let item: string
  let schedule: string

  const add = (email: string, role: any, teams: string[] = [], name?: string): string => {
    const link = `${base}/signin?link=${cli.add({ email, role, teams, ...(name ? { name } : {}) }).link}`
    secrets.push(linkOf(link))
    return link
  }

  before(async () => {
    dirs = peopleFolder()
    server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log })
    base = server.url.replace(/\/$/, '')
    secrets.push(server.token)
    // The bootstrap token opens the server while nobody can manage it.
    assert.equal((await client(base, server.token).get('/api/actions')).status, 200)
    cli = new PeopleStore(dirs.data) // what `mini-interval users` changes: the same file, another writer
    admin = await signIn(base, add('ada@x.io', 'admin', [], 'Ada Admin'))
    dev = await signIn(base, add('dev@x.io', 'developer', [], 'Dee Dev'))
    member = await signIn(base, add('mo@x.io', 'member', ['ops'], 'Mo Member'))
    financier = await signIn(base, add('fi@x.io', 'member', ['finance'], 'Fi Nance'))
    auditor = await signIn(base, add('au@x.io', 'auditor', [], 'Au Ditor'))
    for (const c of [admin, dev, member, financier, auditor]) secrets.push(c.token)
    ;({ id: payRun } = await dev.json('/api/run', { slug: 'finance/pay' }))
    const s = events(dev, `/api/tx/${payRun}/events`)
    await s.next(waitingAt('Amount'))
    s.close()
    ;({ item: { id: item } } = await admin.json('/api/queue', { slug: 'hello' }))
    ;({ schedule: { id: schedule } } = await admin.json('/api/schedules', { slug: 'hello', cron: '0 9 * * 1', timezone: 'UTC' }))
  })
  after(async () => server?.close())

  const ROUTES: [string, string][] = [
    ['GET', '/'], ['GET', '/tx/abc'], ['GET', '/history'], ['GET', '/people'], ['GET', '/app/web.js'],
    ['GET', '/api/ping'], ['GET', '/api/actions'], ['GET', '/api/events'], ['GET', '/api/history'], ['GET', '/api/me'], ['GET', '/api/people'],
    ['POST', '/api/run'], ['POST', '/api/people'], ['DELETE', '/api/session'],
    ['GET', '/inbox'], ['GET', '/schedules'], ['GET', '/api/inbox'], ['POST', '/api/queue'], ['GET', '/api/schedules'], ['POST', '/api/schedules'],
  ]
  const txRoutes = (): [string, string][] => [['GET', `/api/history/${payRun}`], ['GET', `/api/tx/${payRun}/events`], ['POST', `/api/tx/${payRun}/message`]]
  /** The Inbox's and the schedules' routes naming one item or schedule (ids known once `before` ran). */
  const itemRoutes = (): [string, string][] => [
    ['POST', `/api/queue/${item}/open`], ['DELETE', `/api/queue/${item}`], ['GET', `/api/queue?run=${payRun}`], ['DELETE', `/api/schedules/${schedule}`],
  ]
  /**
   * Knocks on every door with `headers`; each must answer 401. `from`: the loopback address the requests leave from.
   * A wrong session counts against its address (50 failures, then 429 for all), and there are more doors than that
   * across the cases: each case knocks from an address of its own, so every answer is the guard's 401.
   */
  async function everyDoor(headers: Record<string, string>, why: string, from = '127.0.0.1'): Promise<void> {
    for (const [method, path] of [...ROUTES, ...txRoutes(), ...itemRoutes()]) {
      const body = method === 'POST' ? JSON.stringify(path.endsWith('message') ? { type: 'cancel' } : { slug: 'hello' }) : undefined
      const status = await knock(method, path, { ...headers, 'content-type': 'application/json' }, body, from)
      assert.equal(status, 401, `${method} ${path} ${why}`)
    }
  }
  function knock(method: string, path: string, headers: Record<string, string>, body: string | undefined, localAddress: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(base + path, { method, headers, localAddress }, (res) => (res.resume(), resolve(res.statusCode ?? 0)))
      req.on('error', reject)
      req.end(body)
    })
  }

  it('every route and event stream refuses no session, and the bootstrap token once an admin exists', async () => {
    await everyDoor({}, 'without a session')
    for (const path of ['/api/actions', '/api/events', `/api/tx/${payRun}/events`]) {
      assert.equal((await fetch(base + path, { headers: { authorization: `Bearer ${server.token}` } })).status, 401, `${path} with the bootstrap token`)
    }
    assert.equal((await fetch(`${base}/?token=${encodeURIComponent(server.token)}`, { redirect: 'manual' })).status, 401)
    // A page asks the person to sign in.
    const page = await fetch(`${base}/history`, { headers: { accept: 'text/html' }, redirect: 'manual' })
    assert.equal(page.status, 303)
    assert.equal(page.headers.get('location'), '/signin')
  })

  it('an expired session and an expired link are refused', async () => {
    // A store whose clock is eight days back: its session expired a day ago, its link a week ago.
    const past = new PeopleStore(dirs.data, () => Date.now() - 8 * DAY)
    past.add({ email: 'old@x.io', role: 'developer' })
    const session = past.redeem(past.link('old@x.io'))!.session
    const staleLink = past.link('old@x.io')
    secrets.push(session, staleLink)
    await everyDoor({ authorization: `Bearer ${session}` }, 'with an expired session', '127.0.0.2')
    const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link: staleLink }) })
    assert.equal(res.status, 401)
  })

  it('a link works once; its GET only shows a form (a mail scanner following it signs no one in)', async () => {
    const link = add('once@x.io', 'member')
    const shown = await fetch(link)
    assert.equal(shown.status, 200)
    assert.match(await shown.text(), /<form method="post" action="\/signin">/)
    const form = { method: 'POST', headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: `link=${encodeURIComponent(linkOf(link))}`, redirect: 'manual' as const }
    const first = await fetch(`${base}/signin`, form)
    assert.equal(first.status, 303)
    const cookie = first.headers.get('set-cookie')!
    assert.match(cookie, /^mi_session=[^;]+; HttpOnly; SameSite=Strict; Path=\/; Max-Age=\d+/)
    assert.doesNotMatch(cookie, /Secure/, 'no Secure flag over plain http')
    const again = await fetch(`${base}/signin`, form)
    assert.equal(again.status, 401, 'a used link')
    const viaApi = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) })
    assert.equal(viaApi.status, 401, 'a used link, as VS Code sends it')
    const me = await fetch(`${base}/api/me`, { headers: { cookie: cookie.split(';')[0]! } })
    assert.equal((await me.json()).user.email, 'once@x.io')
  })

  it('over HTTPS (behind a proxy) the session cookie is Secure', async () => {
    const link = linkOf(add('tls@x.io', 'member'))
    const res = await fetch(`${base}/signin`, { method: 'POST', headers: { origin: base.replace('http:', 'https:'), 'x-forwarded-proto': 'https', 'content-type': 'application/x-www-form-urlencoded' }, body: `link=${link}`, redirect: 'manual' })
    assert.equal(res.status, 303)
    assert.match(res.headers.get('set-cookie')!, /; Secure/)
  })

  it('cross-origin requests are refused: a change with the cookie, a sign-in form, a session exchange', async () => {
    const link = linkOf(add('cross@x.io', 'developer'))
    const evil = { origin: 'http://evil.example' }
    const form = await fetch(`${base}/signin`, { method: 'POST', headers: { ...evil, 'content-type': 'application/x-www-form-urlencoded' }, body: `link=${link}`, redirect: 'manual' })
    assert.equal(form.status, 403)
    const api = await fetch(`${base}/api/session`, { method: 'POST', headers: { ...evil, 'content-type': 'application/json' }, body: JSON.stringify({ link }) })
    assert.equal(api.status, 403)
    // The link was not used by either refusal.
    const ok = await fetch(`${base}/signin`, { method: 'POST', headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: `link=${link}`, redirect: 'manual' })
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!
    const body = JSON.stringify({ slug: 'hello' })
    for (const headers of [{ cookie, ...evil }, { cookie }]) {
      const res = await fetch(`${base}/api/run`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body })
      assert.equal(res.status, 403, JSON.stringify(headers))
    }
    const own = await fetch(`${base}/api/run`, { method: 'POST', headers: { cookie, origin: base, 'content-type': 'application/json' }, body })
    assert.equal(own.status, 200)
    await dev.post(`/api/tx/${(await own.json()).id}/message`, { type: 'cancel' })
    // Every other change with the cookie (the Inbox's, the schedules'), from elsewhere or with no origin: refused before it is read.
    const changes = [...ROUTES, ...txRoutes(), ...itemRoutes()].filter(([method, path]) => method !== 'GET' && path !== '/api/run')
    for (const [method, path] of changes) {
      for (const headers of [{ cookie, ...evil }, { cookie }]) {
        const res = await fetch(base + path, { method, headers: { ...headers, 'content-type': 'application/json' }, ...(method === 'POST' ? { body } : {}) })
        assert.equal(res.status, 403, `${method} ${path} ${JSON.stringify(headers)}`)
        await res.body?.cancel()
      }
    }
    // Nothing was changed: the item is still open, the schedule still there.
    assert.ok((await admin.json('/api/inbox?created=me')).items.some((i: any) => i.id === item))
    assert.ok((await admin.json('/api/schedules')).items.some((x: any) => x.id === schedule))
  })

  it('a member does not see a restricted action, and forging a start, an answer, a cancel or a read is refused', async () => {
    const listed = (await member.json('/api/actions')).actions.map((a: any) => a.slug)
    assert.ok(listed.includes('hello') && !listed.includes('finance/pay'), listed.join())
    assert.ok(JSON.stringify((await member.json('/api/actions')).tree).indexOf('finance') < 0, 'not in the tree either')
    assert.ok((await financier.json('/api/actions')).actions.some((a: any) => a.slug === 'finance/pay' && a.access.teams[0] === 'finance'))
    assert.equal((await member.post('/api/run', { slug: 'finance/pay' })).status, 403)
    assert.equal((await member.post(`/api/tx/${payRun}/message`, { type: 'submit', seq: 0, values: ['1000000'] })).status, 403)
    assert.equal((await member.post(`/api/tx/${payRun}/message`, { type: 'cancel' })).status, 403)
    assert.equal((await member.get(`/api/history/${payRun}`)).status, 403)
    assert.equal((await member.get(`/api/tx/${payRun}/events`)).status, 403)
    const seen = await member.json('/api/history')
    assert.ok(!seen.items.some((s: any) => s.id === payRun), 'not in their History')
    // The run still waits, untouched.
    const still = await dev.json(`/api/history/${payRun}`)
    assert.ok(['running', 'awaiting'].includes(still.entry?.status ?? still.state?.status), JSON.stringify(still).slice(0, 200))
  })

  it('an auditor reads all History and runs nothing', async () => {
    assert.deepEqual((await auditor.json('/api/actions')).actions, [])
    assert.equal((await auditor.post('/api/run', { slug: 'hello' })).status, 403)
    assert.equal((await auditor.post(`/api/tx/${payRun}/message`, { type: 'submit', seq: 0, values: ['5'] })).status, 403)
    assert.equal((await auditor.post(`/api/tx/${payRun}/message`, { type: 'cancel' })).status, 403)
    assert.equal((await auditor.get(`/api/history/${payRun}`)).status, 200)
    assert.ok((await auditor.json('/api/history')).items.some((s: any) => s.id === payRun))
  })

  it('nobody deletes a run: History is an audit trail', async () => {
    assert.equal((await admin.post(`/api/tx/${payRun}/message`, { type: 'delete' })).status, 403)
  })

  it('ctx.user is the signed-in person', async () => {
    const { id } = await financier.json('/api/run', { slug: 'whoami' })
    const end = await finished(financier, id)
    const result = end.type === 'history' ? end.entry.result : end.state.result
    assert.deepEqual(result, { email: 'fi@x.io', firstName: 'Fi', lastName: 'Nance', role: 'member', teams: ['finance'] })
  })

  it('History records who started, who answered and who canceled, and filters by person', async () => {
    const { id } = await member.json('/api/run', { slug: 'hello' })
    const s = events(member, `/api/tx/${id}/events`)
    const at = await s.next(waitingAt('Your name'))
    assert.equal((await member.post(`/api/tx/${id}/message`, { type: 'submit', seq: at.state.prompt.seq, values: ['Mo'] })).status, 204)
    await s.next((m) => m.type === 'state' && m.state.status === 'completed')
    s.close()
    const entry = (await admin.json(`/api/history/${id}`)).entry
    assert.equal(entry.user.email, 'mo@x.io')
    assert.equal(entry.steps[0].by, 'Mo Member <mo@x.io>')
    assert.ok(!Number.isNaN(Date.parse(entry.steps[0].at)))
    const { id: other } = await dev.json('/api/run', { slug: 'hello' })
    await dev.post(`/api/tx/${other}/message`, { type: 'cancel' })
    await finished(dev, other)
    // Its History entry (the stream may end on the run's last state rather than its entry).
    const canceled = await admin.json(`/api/history/${other}`)
    assert.equal(canceled.entry.end.canceledBy, 'Dee Dev <dev@x.io>')
    const mine = await admin.json('/api/history?user=mo@x.io')
    assert.ok(mine.items.length >= 1 && mine.items.every((i: any) => i.email === 'mo@x.io'))
    assert.ok(mine.items.some((i: any) => i.id === id) && !mine.items.some((i: any) => i.id === other))
  })

  it('a member sees a failure\'s message, not its stack; a developer sees the stack', async () => {
    const { id } = await member.json('/api/run', { slug: 'fails' })
    const seen = await finished(member, id)
    const error = seen.type === 'history' ? seen.entry.error : seen.state.error
    assert.equal(error.message, 'it broke')
    assert.equal(error.stack, undefined)
    assert.equal((await member.json(`/api/history/${id}`)).entry.error.stack, undefined)
    assert.match((await dev.json(`/api/history/${id}`)).entry.error.stack, /it broke/)
  })

  it('admins manage people by the API; others may not; a role change applies at once', async () => {
    assert.equal((await member.get('/api/people')).status, 403)
    assert.equal((await member.post('/api/people', { email: 'x@x.io', role: 'admin' })).status, 403)
    const made = await admin.json('/api/people', { email: 'new@x.io', role: 'member', teams: ['finance'], name: 'New Person' })
    assert.match(made.link, /\/signin\?link=/)
    secrets.push(linkOf(made.link))
    const fresh = await signIn(base, made.link)
    secrets.push(fresh.token)
    assert.ok((await fresh.json('/api/actions')).actions.some((a: any) => a.slug === 'finance/pay'))
    // The command line changes the role: the next request sees it.
    cli.setRole('new@x.io', 'member', ['ops'])
    assert.ok(!(await fresh.json('/api/actions')).actions.some((a: any) => a.slug === 'finance/pay'))
    const put = await fetch(`${base}/api/people/${made.person.id}`, { method: 'PUT', headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ role: 'auditor' }) })
    assert.equal((await put.json()).person.role, 'auditor')
    assert.equal((await fresh.post('/api/run', { slug: 'hello' })).status, 403)
    const adminId = (await admin.json('/api/people')).people.find((p: any) => p.email === 'ada@x.io').id
    const last = await fetch(`${base}/api/people/${adminId}`, { method: 'DELETE', headers: { authorization: `Bearer ${admin.token}` } })
    assert.equal(last.status, 400, 'the last admin stays')
  })

  it('removing a person ends their sessions at once, open event streams included', async () => {
    const link = add('gone@x.io', 'developer')
    const gone = await signIn(base, link)
    secrets.push(gone.token)
    const stream = events(gone, '/api/events')
    assert.equal((await gone.get('/api/actions')).status, 200)
    cli.remove('gone@x.io')
    await everyDoor({ authorization: `Bearer ${gone.token}` }, 'with a removed person\'s session', '127.0.0.3')
    await assert.rejects(stream.next(() => false), /stream ended/)
  })

  it('sign-out ends the session', async () => {
    const link = linkOf(add('out@x.io', 'member'))
    const ok = await fetch(`${base}/signin`, { method: 'POST', headers: { origin: base, 'content-type': 'application/x-www-form-urlencoded' }, body: `link=${link}`, redirect: 'manual' })
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!
    const out = await fetch(`${base}/api/session`, { method: 'DELETE', headers: { cookie, origin: base } })
    assert.equal(out.status, 204)
    assert.match(out.headers.get('set-cookie') ?? '', /mi_session=; .*Max-Age=0/)
    assert.equal((await fetch(`${base}/api/me`, { headers: { cookie } })).status, 401)
  })

  it('nothing secret reaches the log, History or an error message', async () => {
    const files = readdirSync(join(dirs.data, 'history')).filter((f) => /\.(jsonl|tsv)$/.test(f))
    const stored = files.map((f) => readFileSync(join(dirs.data, 'history', f), 'utf8')).join('\n')
    const errors = await Promise.all([
      fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link: secrets[1] }) }).then((r) => r.text()),
      fetch(`${base}/api/actions`, { headers: { authorization: `Bearer ${secrets[1]}` } }).then((r) => r.text()),
    ])
    const people = readFileSync(join(dirs.data, 'people.json'), 'utf8')
    for (const secret of secrets) {
      const random = secret.includes('.') ? secret.split('.')[1]! : secret
      assert.ok(!logged.some((l) => l.includes(random)), 'not in the log')
      assert.ok(!stored.includes(random), 'not in History')
      assert.ok(!errors.some((e) => e.includes(random)), 'not in an error')
      assert.ok(!people.includes(random), 'not in people.json (hashes only)')
    }
  })
})

describe('serve with people: sign-in is slowed', function () {
  this.timeout(60_000)
  let server: RunningServer
  let base: string
  let cli: PeopleStore
  before(async () => {
    const dirs = peopleFolder()
    server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: { info() {}, warn() {}, error() {} } })
    base = server.url.replace(/\/$/, '')
    cli = new PeopleStore(dirs.data)
    cli.add({ email: 'a@x.io', role: 'admin' })
  })
  after(async () => server?.close())
  const exchange = (link: string) => fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) })

  it('per person: after 10 failed links for one person, even their right link waits; another person is not held up', async () => {
    const { person, link } = cli.add({ email: 'target@x.io', role: 'member' })
    for (let i = 0; i < 10; i++) assert.equal((await exchange(`${person.id}.${'A'.repeat(43)}`)).status, 401)
    const res = await exchange(link)
    assert.equal(res.status, 429)
    assert.ok(Number(res.headers.get('retry-after')) > 0)
    assert.equal((await exchange(cli.add({ email: 'other@x.io', role: 'member' }).link)).status, 200)
  })

  it('per address: after 50 failures from one address, sign-in and wrong tokens are refused', async () => {
    for (let i = 0; i < 40; i++) assert.equal((await exchange(`guess-${i}`)).status, 401)
    const res = await exchange(cli.link('other@x.io'))
    assert.equal(res.status, 429, 'a right link waits too')
    assert.equal((await fetch(`${base}/api/actions`, { headers: { authorization: 'Bearer wrong' } })).status, 429)
  })
})
