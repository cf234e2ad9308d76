// `mini-interval serve --restate` end to end, with a real restate-server: the
// same API and event streams as the embedded engine; serve killed with
// SIGKILL mid-run and started again continues the transaction at its prompt,
// nothing answered asked again, a completed ctx.run run once; History is
// Restate's. (Run by scripts/test-restate.mjs with Node 24.)
import * as assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { events, killServe, promptOf, spawnServe, type ServeProc } from '../unit/serve-client'
import { serveFolder } from '../unit/serve-folder'
import { freePort, startRestate, ROOT, type RestateNode } from './server'

type Serve = ServeProc
const serve = (folder: string, data: string, r: RestateNode, endpointPort: number): Promise<Serve> =>
  spawnServe([folder, '--port', '0', '--data', data, '--restate', r.ingress, '--restate-admin', r.admin, '--endpoint-port', String(endpointPort)])
const kill = killServe

describe('serve on Restate', function () {
  this.timeout(180_000)
  let restate: RestateNode & { cleanup(): Promise<void> }
  const procs: Serve[] = []
  before(async () => (restate = await startRestate()))
  after(async () => {
    procs.forEach((p) => p.child.kill('SIGKILL'))
    await restate?.cleanup()
  })

  it('runs a transaction through the same API; killed with SIGKILL and restarted, it continues at its prompt; History is Restate\'s', async () => {
    const { folder, data } = serveFolder()
    const outbox = join(data, '..', 'outbox')
    writeFileSync(outbox, '')
    const endpointPort = await freePort()
    let s = await serve(folder, data, restate, endpointPort)
    procs.push(s)
    const run = await s.c.post('/api/run', { slug: 'ops/three', params: { outbox } })
    assert.equal(run.status, 200, `${await run.clone().text()}\n${s.err.join('\n')}`)
    const { id } = await run.json()
    let p = await promptOf(s.c, id)
    assert.equal(p.label, 'Order')
    assert.equal((await s.c.post(`/api/tx/${id}/message`, { type: 'submit', seq: p.seq, values: ['R1'] })).status, 204)
    p = await promptOf(s.c, id, p.seq)
    assert.equal(p.label, 'Amount', 'past the charge step')
    await kill(s)

    s = await serve(folder, data, restate, endpointPort)
    procs.push(s)
    p = await promptOf(s.c, id)
    assert.equal(p.label, 'Amount', 'at the same prompt after the restart')
    await s.c.post(`/api/tx/${id}/message`, { type: 'submit', seq: p.seq, values: [5] })
    p = await promptOf(s.c, id, p.seq)
    assert.equal(p.label, 'Note')
    await s.c.post(`/api/tx/${id}/message`, { type: 'submit', seq: p.seq, values: ['ok'] })
    const end = events(s.c, `/api/tx/${id}/events`)
    const done = await end.next((m) => m.type === 'state' && m.state.status === 'completed', 60_000)
    end.close()
    assert.deepEqual(done.state.result, { order: 'R1', charge: 'ch_R1', amount: 5, note: 'ok' })
    assert.equal(readFileSync(outbox, 'utf8'), 'charge R1\n', 'the completed step ran once')
    const history = await s.c.json('/api/history?action=ops/three')
    assert.ok(history.items.some((h: any) => h.id === id && h.status === 'completed'), JSON.stringify(history))
    await kill(s)
  })

  it('a Restate that cannot be reached is one clear line and a non-zero exit', async () => {
    const { folder, data } = serveFolder()
    const child = spawn(process.execPath, [join(ROOT, 'dist/mini-interval.js'), 'serve', folder, '--port', '0', '--data', data, '--restate', 'http://127.0.0.1:9', '--restate-admin', 'http://127.0.0.1:9'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    const code = await new Promise((r) => child.on('exit', r))
    assert.notEqual(code, 0)
    assert.match(err, /mini-interval: Restate's admin API at http:\/\/127\.0\.0\.1:9 cannot be reached/)
    assert.doesNotMatch(err, /\n\s+at /)
  })
})
