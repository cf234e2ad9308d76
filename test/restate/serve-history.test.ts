// serve on Restate, what History and a sensitive answer need: a run's detail
// is the same `history` message the embedded engine gives (prompts and
// answers, who, logs, steps, result), folded from Restate's journal; a
// sensitive answer is nowhere in clear in Restate (journal, promises, state)
// and, unlike the embedded engine (which masks it on disk and asks again),
// serve killed with SIGKILL and restarted does not ask for it again: the
// sealed promise gives it back. (Run by scripts/test-restate.mjs with Node 24.)
import * as assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { client, events, killServe, promptOf, spawnServe, type Client, type ServeProc } from '../unit/serve-client'
import { PeopleStore } from '../../src/server/people/store'
import { freePort, startRestate, type RestateNode } from './server'
import { answer, sql, texts } from './introspect'

const SECRET = 'hunter2-correct-horse'
const LOGIN = `import { createHash } from 'node:crypto'
export default {
  name: 'Login',
  handler: async (io: any, ctx: any) => {
    const [user, password] = await io.group([io.input.text('User'), io.input.text('Password', { sensitive: true })])
    ctx.log('logging in ' + user)
    const token = await ctx.run('token', async () => 'tok_' + user)
    const note = await io.input.text('Note')
    return { user, token, note, passwordHash: createHash('sha256').update(password).digest('hex') }
  },
}
`

function folder(): { folder: string; data: string } {
  const root = mkdtempSync(join(tmpdir(), 'mi-serve-history-'))
  const f = join(root, 'actions')
  mkdirSync(f, { recursive: true })
  writeFileSync(join(f, 'login.action.ts'), LOGIN)
  return { folder: f, data: join(root, 'data') }
}


async function finished(c: Client, id: string): Promise<any> {
  const s = events(c, `/api/tx/${id}/events`)
  try {
    // Its end as it happens, or (the stream opened after it) the run as History shows it.
    const m = await s.next((m) => (m.type === 'state' && m.state.status === 'completed') || m.type === 'history', 60_000)
    return m.type === 'history' ? m.entry : m.state
  } finally {
    s.close()
  }
}

/** A history entry without what differs from run to run (ids, times, where it resumed). */
function comparable(entry: any): unknown {
  const { id: _id, startedAt: _s, endedAt: _e, resumed: _r, ...rest } = entry
  return {
    ...rest,
    steps: entry.steps.map(({ at, ...st }: any) => ({ ...st, at: typeof at })),
    durableSteps: entry.durableSteps?.map((d: any) => ({ name: d.name, status: d.status, attempts: d.attempts })),
  }
}

/** A person's client, signed in with their link as VS Code signs in. */
async function signIn(base: string, link: string): Promise<Client> {
  const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ link }) })
  assert.equal(res.status, 200, await res.clone().text())
  return client(base, (await res.json()).token)
}

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await f()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

describe('serve on Restate: History detail and sensitive answers', function () {
  this.timeout(180_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  const procs: ServeProc[] = []
  before(async () => (restate = await startRestate()))
  after(async () => {
    procs.forEach((p) => p.child.kill('SIGKILL'))
    await restate?.cleanup()
  })

  it("History lists who started each run, filters by person, and limits a member's list as the embedded engine does", async () => {
    const root = mkdtempSync(join(tmpdir(), 'mi-serve-people-'))
    const dir = join(root, 'actions')
    mkdirSync(join(dir, 'finance'), { recursive: true })
    writeFileSync(join(dir, 'hello.action.ts'), `export default { handler: async () => 'hi' }\n`)
    const pay = join(dir, 'finance', 'pay.action.ts')
    writeFileSync(pay, `export default { name: 'Pay', access: { teams: ['finance'] }, handler: async () => 'paid' }\n`)
    const data = join(root, 'data')
    const s = await spawnServe([dir, '--port', '0', '--data', data, '--restate', restate.ingress, '--restate-admin', restate.admin, '--endpoint-port', String(await freePort())])
    procs.push(s)
    // Added as `mini-interval users add` adds them: the running server reads the same file.
    const people = new PeopleStore(data)
    const links = {
      ada: people.add({ email: 'ada@x.io', role: 'admin', name: 'Ada Admin' }).link,
      fi: people.add({ email: 'fi@x.io', role: 'member', teams: ['finance'], name: 'Fi Nance' }).link,
      mo: people.add({ email: 'mo@x.io', role: 'member', teams: ['ops'], name: 'Mo Member' }).link,
    }
    const base = s.c.base
    const [ada, fi, mo] = [await signIn(base, links.ada), await signIn(base, links.fi), await signIn(base, links.mo)]
    const payRun = (await fi.json('/api/run', { slug: 'finance/pay' })).id as string
    const fiHello = (await fi.json('/api/run', { slug: 'hello' })).id as string
    const adaHello = (await ada.json('/api/run', { slug: 'hello' })).id as string
    const list = async (c: Client, q = '') => (await c.json(`/api/history${q}`)).items as any[]
    const ids = (items: any[]) => items.map((i) => i.id).sort()
    const all = await until('the three runs in History', async () => {
      const items = await list(ada)
      return items.length === 3 ? items : undefined
    })

    // Each run names who started it, as the embedded engine's summaries do.
    const by = Object.fromEntries(all.map((i) => [i.id, [i.user, i.email]]))
    assert.deepEqual(by, { [payRun]: ['Fi Nance', 'fi@x.io'], [fiHello]: ['Fi Nance', 'fi@x.io'], [adaHello]: ['Ada Admin', 'ada@x.io'] })
    // Filtered by person: their email, in any case; their name is searched as text.
    assert.deepEqual(ids(await list(ada, '?user=FI@x.io')), [fiHello, payRun].sort())
    assert.deepEqual(ids(await list(ada, '?user=ada@x.io')), [adaHello])
    assert.deepEqual(await list(ada, '?user=nobody@x.io'), [])
    assert.deepEqual(ids(await list(ada, '?text=nance')), [fiHello, payRun].sort())

    // A member sees the runs of what they may run: Mo (ops) not Fi's payment.
    assert.deepEqual(ids(await list(mo)), [adaHello, fiHello].sort())
    assert.equal((await mo.get(`/api/history/${payRun}`)).status, 403)
    // Pay now belongs to another team: Fi may no longer run it, and still reads the run she started (her email is known).
    writeFileSync(pay, `export default { name: 'Pay', access: { teams: ['treasury'] }, handler: async () => 'paid' }\n`)
    await until('the catalog to reload Pay', async () => ((await fi.json('/api/actions')).actions.some((a: any) => a.slug === 'finance/pay') ? undefined : true))
    assert.deepEqual(ids(await list(fi)), [adaHello, fiHello, payRun].sort())
    assert.deepEqual(ids(await list(fi, '?action=finance/pay')), [payRun])
    assert.equal((await fi.get(`/api/history/${payRun}`)).status, 200)
    assert.deepEqual(ids(await list(mo)), [adaHello, fiHello].sort())
    await killServe(s)
  })

  it('a sensitive answer is never in clear in Restate, survives a SIGKILL of serve, and History shows the run as the embedded engine does', async () => {
    const { folder: dir, data } = folder()
    const endpointPort = await freePort()
    const args = [dir, '--port', '0', '--data', data, '--restate', restate.ingress, '--restate-admin', restate.admin, '--endpoint-port', String(endpointPort)]
    let s = await spawnServe(args)
    procs.push(s)
    const { id } = await s.c.json('/api/run', { slug: 'login', params: {} })
    let p = await promptOf(s.c, id).catch((e) => { throw new Error(`${e.message}\n${s.err.join('\n')}`) })
    assert.equal(p.label, 'User')
    await answer(s.c, id, p.seq, ['ada', SECRET])
    p = await promptOf(s.c, id, p.seq)
    assert.equal(p.label, 'Note')
    await killServe(s)

    s = await spawnServe(args)
    procs.push(s)
    p = await promptOf(s.c, id)
    assert.equal(p.label, 'Note', 'the password is not asked again after the restart')
    await answer(s.c, id, p.seq, ['fine'])
    const end = await finished(s.c, id)
    assert.deepEqual(end.result, { user: 'ada', token: 'tok_ada', note: 'fine', passwordHash: createHash('sha256').update(SECRET).digest('hex') })

    // Nothing Restate holds of this transaction has the password in clear: journals of every call, state, promises.
    const held = [
      ...(await sql(restate.admin, `SELECT j.* FROM sys_journal j WHERE j.id IN (SELECT id FROM sys_invocation WHERE target_service_key = '${id}')`)),
      ...(await sql(restate.admin, `SELECT * FROM sys_invocation WHERE target_service_key = '${id}'`)),
      ...(await sql(restate.admin, `SELECT * FROM state WHERE service_key = '${id}'`)),
      ...(await sql(restate.admin, `SELECT * FROM sys_promise WHERE service_key = '${id}'`)),
    ]
    const all = texts(held)
    assert.ok(all.some((t) => t.includes('"sealed"')), 'the answers went through Restate sealed')
    assert.ok(all.some((t) => t.includes('fine')), 'the search reads what Restate holds (a plain answer is there)')
    assert.ok(!all.some((t) => t.includes(SECRET)), 'the password is nowhere in clear')

    // History's detail: folded from Restate's journal, as the embedded engine folds its log.
    const detail = await s.c.json(`/api/history/${id}`)
    assert.equal(detail.type, 'history', JSON.stringify(detail).slice(0, 500))
    const entry = detail.entry
    assert.equal(entry.action.file, 'login.action.ts')
    assert.deepEqual(entry.steps.map((st: any) => [st.components.map((c: any) => c.label), st.values]), [[['User', 'Password'], ['ada', '••••••']], [['Note'], ['fine']]])
    assert.ok(entry.logs.includes('logging in ada'), JSON.stringify(entry.logs))
    await killServe(s)

    // The same run on the embedded engine: the same History entry.
    const local = await spawnServe([dir, '--port', '0', '--data', join(data, '..', 'local')])
    procs.push(local)
    const run = await local.c.json('/api/run', { slug: 'login', params: {} })
    p = await promptOf(local.c, run.id)
    await answer(local.c, run.id, p.seq, ['ada', SECRET])
    p = await promptOf(local.c, run.id, p.seq)
    await answer(local.c, run.id, p.seq, ['fine'])
    await finished(local.c, run.id)
    const embedded = await local.c.json(`/api/history/${run.id}`)
    await killServe(local)
    assert.deepEqual(comparable(entry), comparable(embedded.entry))
  })
})
