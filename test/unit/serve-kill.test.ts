// serve killed with SIGKILL and started again on the same data folder: every
// transaction continues at the prompt it waited at, nothing answered is asked
// again, and a completed ctx.run does not run again (issue 12, embedded engine).
import * as assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { events, killServe, promptOf, spawnServe, waitingAt, type Client, type ServeProc } from './serve-client'
import { serveFolder } from './serve-folder'

type Serve = ServeProc
const serve = (folder: string, data: string): Promise<Serve> => spawnServe([folder, '--port', '0', '--data', data])
const kill = killServe
const answer = (c: Client, id: string, seq: number, value: unknown) => c.post(`/api/tx/${id}/message`, { type: 'submit', seq, values: [value] })

describe('serve killed with SIGKILL', function () {
  this.timeout(120_000)
  const procs: Serve[] = []
  after(() => procs.forEach((p) => p.child.kill('SIGKILL')))

  it('every transaction continues at its prompt after a restart; nothing answered is asked again; a completed step ran once', async () => {
    const { folder, data } = serveFolder()
    const outbox = join(data, '..', 'outbox')
    writeFileSync(outbox, '')
    let s = await serve(folder, data)
    procs.push(s)
    // Two runs: one past its step, one killed inside its (slow) step.
    const { id: a } = await s.c.json('/api/run', { slug: 'ops/three', params: { outbox } })
    const { id: b } = await s.c.json('/api/run', { slug: 'ops/three', params: { outbox, slowMs: 3000 } })
    let pa = await promptOf(s.c, a)
    await answer(s.c, a, pa.seq, 'A')
    const pb = await promptOf(s.c, b)
    await answer(s.c, b, pb.seq, 'B')
    const sa = events(s.c, `/api/tx/${a}/events`)
    await sa.next(waitingAt('Amount'))
    sa.close()
    await new Promise((r) => setTimeout(r, 500)) // b is inside its step now
    await kill(s)

    s = await serve(folder, data)
    procs.push(s)
    pa = await promptOf(s.c, a)
    assert.equal(pa.label, 'Amount', 'a continues at its second prompt')
    const pb2 = await promptOf(s.c, b) // b's step runs again (it never completed), then its second prompt
    assert.equal(pb2.label, 'Amount')

    // Killed right after an answer is posted: it is either taken (the next prompt) or not yet (the same one), never an earlier one.
    await answer(s.c, a, pa.seq, 7)
    await kill(s)
    s = await serve(folder, data)
    procs.push(s)
    pa = await promptOf(s.c, a)
    assert.ok(['Amount', 'Note'].includes(pa.label), pa.label)
    if (pa.label === 'Amount') await answer(s.c, a, pa.seq, 7), (pa = await promptOf(s.c, a, pa.seq))
    assert.equal(pa.label, 'Note')
    await kill(s)

    s = await serve(folder, data)
    procs.push(s)
    pa = await promptOf(s.c, a)
    assert.equal(pa.label, 'Note')
    await answer(s.c, a, pa.seq, 'done')
    const end = events(s.c, `/api/tx/${a}/events`)
    const last = await end.next((m) => m.type === 'history' || (m.type === 'state' && m.state.status === 'completed'))
    end.close()
    const result = last.type === 'history' ? last.entry.result : last.state.result
    assert.deepEqual(result, { order: 'A', charge: 'ch_A', amount: 7, note: 'done' })
    const record = await s.c.json(`/api/history/${a}`)
    assert.equal(record.entry.resumed, 3)
    const lines = readFileSync(outbox, 'utf8').trim().split('\n').sort()
    assert.deepEqual(lines, ['charge A', 'charge B'], 'each charge once: A completed before the kills, B was cut off before its effect and ran again')
    await kill(s)
  })

  it('a bad command line is one clear line and a non-zero exit, never a stack trace', async () => {
    const { folder, data } = serveFolder()
    const run = (args: string[]) =>
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['dist/mini-interval.js', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
        let err = ''
        child.stderr!.on('data', (d) => (err += d))
        child.on('exit', (code) => resolve({ code, err }))
      })
    const cases: [string[], RegExp][] = [
      [['serve', folder, '--bogus'], /Unknown option --bogus/],
      [['serve', join(folder, 'missing')], /No folder .*missing/],
      [['serve'], /serve needs a FOLDER/],
      [['serve', folder, '--port', 'x'], /--port must be a port number/],
      [['serve', folder, '--host', '0.0.0.0'], /--allow-remote/],
      [['launch'], /Unknown command "launch"/],
    ]
    for (const [args, message] of cases) {
      const { code, err } = await run(args)
      assert.notEqual(code, 0, args.join(' '))
      assert.match(err, message)
      assert.equal(err.trim().split('\n').length, 1, `one line: ${err}`)
      assert.doesNotMatch(err, /\n\s+at /)
    }
    // A port in use.
    const first = await serve(folder, data)
    procs.push(first)
    const port = new URL(first.c.base).port
    const { code, err } = await run(['serve', folder, '--port', port, '--data', join(data, '..', 'other')])
    assert.notEqual(code, 0)
    assert.match(err, new RegExp(`Port ${port} on 127.0.0.1 is in use`))
    // The same data folder while the first runs.
    const same = await run(['serve', folder, '--port', '0', '--data', data])
    assert.notEqual(same.code, 0)
    assert.match(same.err, /Another mini-interval serve uses/)
    await kill(first)
  })
})
