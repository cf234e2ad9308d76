// serve on Restate, uploaded files (io.input.file and .multiple()): answered
// through serve's API as the browser sends them, the action gets them byte for
// byte; serve killed with SIGKILL and restarted replays the run in a new
// worker, which gets the same files back from Restate (restate/blobs.ts)
// without asking again, though it has another data folder (sharing the answer
// key, as serves behind one Restate do); Restate holds their bytes sealed,
// never in clear, and no data folder holds them.
// (Run by scripts/test-restate.mjs with Node 24.)
import * as assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { events, killServe, promptOf, spawnServe, type Client } from '../unit/serve-client'
import { freePort } from './server'
import { servesBehindRestate } from './harness'
import { answer, sql, texts } from './introspect'

const NOTE = 'Quarterly notes: the walrus ate the budget.\n'
const MARKER = 'MARKER-in-the-binary-e5b1c0'

// What the action saw of each file, computed again by the replay in the new worker: equal only if the bytes are.
const UPLOAD = `import { createHash } from 'node:crypto'
export default {
  name: 'Upload',
  handler: async (io: any, ctx: any) => {
    const sha = async (f: any) => ({ name: f.name, type: f.type, size: f.size, sha: createHash('sha256').update(await f.buffer()).digest('hex') })
    const note = await io.input.file('Note')
    const text = await note.text()
    const images = await io.input.file('Images').multiple()
    // The text's digest, not the text: a result is not an answer, Restate holds it in clear.
    const seen = { note: { ...(await sha(note)), text: createHash('sha256').update(text).digest('hex') }, images: await Promise.all(images.map(sha)) }
    ctx.log('got ' + images.length + ' image(s)')
    const ok = await io.input.text('Confirm')
    return { ...seen, ok }
  },
}
`

function folder(): { folder: string; data: string } {
  const root = mkdtempSync(join(tmpdir(), 'mi-files-'))
  const f = join(root, 'actions')
  mkdirSync(f, { recursive: true })
  writeFileSync(join(f, 'upload.action.ts'), UPLOAD)
  return { folder: f, data: join(root, 'data') }
}

/** A file as the browser sends it (core/protocol/answers.ts: fileWire). */
const wire = (name: string, type: string, bytes: Buffer) => ({ name, type, size: bytes.length, lastModified: 1_700_000_000_000, data: bytes.toString('base64') })
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex')


describe('serve on Restate: uploaded files', function () {
  this.timeout(180_000)
  const suite = servesBehindRestate()
  const { procs } = suite

  it('a text file and a 3 MB binary reach the action byte for byte, survive a SIGKILL of serve, and are sealed in Restate', async () => {
    const { folder: f, data } = folder()
    const note = Buffer.from(NOTE, 'utf8')
    const big = randomBytes(3 * 1024 * 1024 + 12_345)
    big.write(MARKER, 1_500_000, 'latin1')
    const small = randomBytes(1000)
    const endpointPort = await freePort()
    const serve = (data: string) => spawnServe([f, '--port', '0', '--data', data, '--restate', suite.restate.ingress, '--restate-admin', suite.restate.admin, '--endpoint-port', String(endpointPort)])
    let s = await serve(data)
    procs.push(s)
    const run = await s.c.post('/api/run', { slug: 'upload', params: {} })
    assert.equal(run.status, 200, `${await run.clone().text()}\n${s.err.join('\n')}`)
    const { id } = await run.json()
    let p = await promptOf(s.c, id)
    assert.equal(p.label, 'Note')
    await answer(s.c, id, p.seq, [wire('notes.txt', 'text/plain', note)])
    p = await promptOf(s.c, id, p.seq)
    assert.equal(p.label, 'Images')
    await answer(s.c, id, p.seq, [[wire('big.bin', 'application/octet-stream', big), wire('small.bin', 'application/octet-stream', small)]])
    p = await promptOf(s.c, id, p.seq)
    assert.equal(p.label, 'Confirm', s.err.join('\n'))
    await killServe(s)

    // Another serve (a new endpoint and worker, another data folder) replays the run: the files come back from Restate.
    const data2 = `${data}-other`
    s = await serve(data2)
    procs.push(s)
    p = await promptOf(s.c, id)
    assert.equal(p.label, 'Confirm', 'at the same prompt after the restart')
    await answer(s.c, id, p.seq, ['yes'])
    const end = events(s.c, `/api/tx/${id}/events`)
    const done = await end.next((m) => m.type === 'state' && (m.state.status === 'completed' || m.state.status === 'error'), 60_000)
    end.close()
    assert.deepEqual(done.state.result, {
      note: { name: 'notes.txt', type: 'text/plain', size: note.length, sha: sha(note), text: sha(note) },
      images: [
        { name: 'big.bin', type: 'application/octet-stream', size: big.length, sha: sha(big) },
        { name: 'small.bin', type: 'application/octet-stream', size: small.length, sha: sha(small) },
      ],
      ok: 'yes',
    }, JSON.stringify(done.state.error ?? done.state.status))

    // Restate holds the bytes (in chunks, state of the blob object), but nothing of this run or its files in clear.
    const chunks = await sql(suite.restate.admin, `SELECT * FROM state WHERE service_name = 'blob'`)
    assert.ok(chunks.length >= 2 * (1 + 9 + 1), `the files' chunks are in Restate (${chunks.length} state rows)`)
    const all = texts([
      ...(await sql(suite.restate.admin, `SELECT j.* FROM sys_journal j WHERE j.id IN (SELECT id FROM sys_invocation WHERE target_service_key = '${id}' OR target_service_name = 'blob')`)),
      ...(await sql(suite.restate.admin, `SELECT * FROM sys_invocation WHERE target_service_key = '${id}' OR target_service_name = 'blob'`)),
      ...(await sql(suite.restate.admin, `SELECT * FROM state WHERE service_key = '${id}' OR service_name = 'blob'`)),
      ...(await sql(suite.restate.admin, `SELECT * FROM sys_promise WHERE service_key = '${id}'`)),
      ...chunks,
    ], 'latin1')
    assert.ok(all.length > 0)
    const clear = [NOTE.trim(), MARKER, note.toString('base64'), big.subarray(0, 48).toString('base64'), big.subarray(2_000_001, 2_000_049).toString('base64'), small.subarray(0, 48).toString('base64')]
    for (const c of clear) assert.ok(!all.some((t) => t.includes(c)), `${c.slice(0, 20)}… is nowhere in clear in Restate`)
    for (const d of [data, data2]) assert.ok(existsSync(join(d, 'history')) && !existsSync(join(d, 'history', 'blobs')), `no file in ${d}`)
    await killServe(s)
  })
})
