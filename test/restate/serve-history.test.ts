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
import { events, killServe, promptOf, spawnServe, type Client, type ServeProc } from '../unit/serve-client'
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

describe('serve on Restate: History detail and sensitive answers', function () {
  this.timeout(180_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  const procs: ServeProc[] = []
  before(async () => (restate = await startRestate()))
  after(async () => {
    procs.forEach((p) => p.child.kill('SIGKILL'))
    await restate?.cleanup()
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
