// VS Code's client of `mini-interval serve`: the SSE parser, the address a
// person pastes, and the client against a real serve (in-process) — answers
// checked, errors one sentence, timeouts on a server that never answers, and
// a stream that reconnects with backoff after the server restarts.
import * as assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { startServer, type RunningServer } from '../../src/server/serve'
import { SseParser, type SseEvent } from '../../src/core/protocol/sse'
import { parseServerAddress } from '../../src/core/remote/address'
import { ServerClient, ServerError } from '../../src/core/remote/client'
import { backoffDelay, follow } from '../../src/core/remote/follow'
import { serveFolder } from './serve-folder'

const quiet = { info() {}, warn() {}, error() {} }

describe('SSE parser', () => {
  const parse = (chunks: string[]): SseEvent[] => {
    const out: SseEvent[] = []
    const p = new SseParser((e) => out.push(e))
    for (const c of chunks) p.push(c)
    return out
  }

  it('joins data lines, skips comments, and reads events split anywhere', () => {
    const text = 'retry: 1000\n\n: keep-alive\n\ndata: {"a":1}\n\ndata: line1\ndata: line2\nevent: x\nid: 7\n\n'
    const whole = parse([text])
    assert.deepEqual(whole, [{ data: '{"a":1}' }, { data: 'line1\nline2', event: 'x', id: '7' }])
    // Every split point gives the same events.
    for (let i = 1; i < text.length; i++) assert.deepEqual(parse([text.slice(0, i), text.slice(i)]), whole, `split at ${i}`)
  })

  it('takes \\r\\n and \\r line ends, even a \\r\\n split between chunks', () => {
    assert.deepEqual(parse(['data: a\r\n\r\ndata: b\r\rdata: c\r', '\n\r\n']), [{ data: 'a' }, { data: 'b' }, { data: 'c' }])
  })

  it('keeps the retry the server asks for, and an event without data is no event', () => {
    const out: SseEvent[] = []
    const p = new SseParser((e) => out.push(e))
    p.push('retry: 2500\nevent: ping\n\n')
    assert.equal(p.retryMs, 2500)
    assert.deepEqual(out, [])
  })

  it('drops an event over the size cap', () => {
    const out: SseEvent[] = []
    const p = new SseParser((e) => out.push(e), 10)
    p.push('data: 0123456789abcdef\n\ndata: ok\n\n')
    assert.deepEqual(out, [{ data: 'ok' }])
  })
})

describe('server address', () => {
  it('splits what serve printed into the base and the token', () => {
    assert.deepEqual(parseServerAddress('  http://127.0.0.1:9080/?token=abc_DEF-123 '), { base: 'http://127.0.0.1:9080', token: 'abc_DEF-123', label: '127.0.0.1:9080' })
    assert.deepEqual(parseServerAddress('localhost:9080/tx/abc?token=t%2Bk'), { base: 'http://localhost:9080', token: 't+k', label: 'localhost:9080' })
  })

  it('knows a personal sign-in link from serve\'s address', () => {
    assert.deepEqual(parseServerAddress('http://10.0.0.5:9080/signin?link=mi_abc%2Bdef'), { base: 'http://10.0.0.5:9080', link: 'mi_abc+def', label: '10.0.0.5:9080' })
    assert.match((parseServerAddress('http://host/signin?link=a%20b') as { error: string }).error, /cut short or has spaces/)
    assert.match((parseServerAddress('http://host/signin') as { error: string }).error, /sign-in link/)
  })

  it('says what is wrong with bad input, in one sentence', () => {
    const error = (s: string): string => (parseServerAddress(s) as { error: string }).error
    assert.match(error(''), /Paste your sign-in link, or the address/)
    assert.match(error('http://127.0.0.1:9080/'), /no token/)
    assert.match(error('ftp://host/?token=x'), /http or https, not ftp/)
    assert.match(error('http://u:p@host/?token=x'), /user name or password/)
    assert.match(error('http://[::1/?token=x'), /not an address/)
    assert.match(error('http://host/?token=a%20b'), /spaces/)
  })
})

describe('backoff', () => {
  it('grows from 1 s to 30 s and stays there', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 50].map(backoffDelay), [1000, 2000, 4000, 8000, 15_000, 30_000, 30_000, 30_000])
  })
})

describe('ServerClient against mini-interval serve', function () {
  this.timeout(60_000)
  let server: RunningServer
  let dirs: { folder: string; data: string }
  let c: ServerClient

  before(async () => {
    dirs = serveFolder()
    server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: quiet })
    c = new ServerClient(server.url.replace(/\/$/, ''), server.token)
  })
  after(async () => server?.close())

  it('lists the actions, checked against the schema', async () => {
    const listing = await c.actions()
    assert.deepEqual(listing.actions.map((a) => a.slug).sort(), ['hello', 'ops/three'])
    assert.equal(listing.tree.length, 2)
  })

  it('runs a transaction through its stream and messages, then finds it in History', async () => {
    const id = await c.run('hello')
    const seen: any[] = []
    const ctrl = new AbortController()
    const done = c.stream(`/api/tx/${id}/events`, { onData: (m) => seen.push(m) }, ctrl.signal)
    const waitFor = async (pred: (m: any) => boolean): Promise<any> => {
      for (let i = 0; i < 200; i++) {
        const m = seen.find(pred)
        if (m) return m
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`not seen; saw ${JSON.stringify(seen.slice(-2))}`)
    }
    const waiting = await waitFor((m) => m.type === 'state' && m.state.status === 'awaiting')
    await c.message(id, { type: 'submit', seq: waiting.state.prompt.seq, values: ['Ada'] })
    const end = await waitFor((m) => m.type === 'state' && m.state.status === 'completed')
    assert.equal(end.state.result, 'Hello, Ada')
    ctrl.abort()
    await done // an aborted stream resolves
    const page = await c.history({ action: 'hello', limit: 5 })
    assert.equal(page.items[0]!.id, id)
    assert.equal((await c.historyEntry(id)).status, 'completed')
  })

  it('gives the server\'s sentence for a refusal, and a clear one for a wrong token', async () => {
    await assert.rejects(c.run('nope'), (e: ServerError) => e.status === 400 && /No action or workflow "nope"/.test(e.message))
    await assert.rejects(c.message('missing-tx', { type: 'cancel' }), (e: ServerError) => e.status === 409)
    const wrong = new ServerClient(c.base, 'wrong-token')
    await assert.rejects(wrong.actions(), (e: ServerError) => e.status === 401 && /session ended or the token is wrong/.test(e.message))
  })

  it('says a server that is not there cannot be reached', async () => {
    // A port that was just free: nothing listens there.
    const probe = createServer()
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
    const port = (probe.address() as { port: number }).port
    await new Promise((r) => probe.close(r))
    const gone = new ServerClient(`http://127.0.0.1:${port}`, 'x')
    await assert.rejects(gone.actions(), (e: ServerError) => e.status === 0 && /cannot be reached \(ECONNREFUSED\)/.test(e.message))
  })
})

describe('timeouts and reconnection', function () {
  this.timeout(30_000)
  let silent: Server
  let base: string

  before(async () => {
    // Accepts connections and never answers.
    silent = createServer(() => undefined)
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(silent.address() as { port: number }).port}`
  })
  after(() => {
    silent.closeAllConnections()
    silent.close()
  })

  it('a request to a server that never answers fails after the timeout', async () => {
    const c = new ServerClient(base, 'x', 300)
    const t0 = Date.now()
    await assert.rejects(c.actions(), /did not answer in 0 s/)
    assert.ok(Date.now() - t0 < 2000)
    await assert.rejects(c.stream('/api/events', { onData() {} }, new AbortController().signal), /did not answer/)
  })

  it('a followed stream reports the server down, and opens again when it is back', async () => {
    const dirs = serveFolder()
    let server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: quiet })
    const port = server.port
    const c = new ServerClient(`http://127.0.0.1:${port}`, server.token)
    const log: string[] = []
    const f = follow(c, '/api/events', { onOpen: () => log.push('open'), onData: (d) => log.push(JSON.stringify(d)), onDown: (e, ms) => log.push(`down ${ms}`) })
    try {
      const until = async (what: string, pred: () => boolean): Promise<void> => {
        for (let i = 0; i < 200 && !pred(); i++) await new Promise((r) => setTimeout(r, 50))
        assert.ok(pred(), `${what}: ${log.join(' | ')}`)
      }
      await until('open', () => log.includes('open'))
      await server.close()
      await until('down', () => log.some((l) => l.startsWith('down 1000')))
      server = await startServer({ folder: dirs.folder, data: dirs.data, port, dist: 'dist', log: quiet })
      f.retryNow()
      await until('open again', () => log.filter((l) => l === 'open').length === 2)
      await c.run('hello')
      await until('a pushed tx event', () => log.some((l) => l.includes('"type":"tx"')))
    } finally {
      f.close()
      await server.close()
    }
  })
})
