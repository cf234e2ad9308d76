// mini-interval serve in-process: its API runs a transaction end to end on the
// same journal as the extension, and every door needs the token (issue 12 §5).
import * as assert from 'node:assert/strict'
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, ServeError, type RunningServer } from '../../src/server/serve'
import { client, events, waitingAt, type Client } from './serve-client'
import { serveFolder } from './serve-folder'

async function poll(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > end) throw new Error('poll: timed out')
    await new Promise((r) => setTimeout(r, 100))
  }
}

const quiet = { info() {}, warn() {}, error() {} }

describe('mini-interval serve', function () {
  this.timeout(60_000)
  let server: RunningServer
  let c: Client
  let dirs: { folder: string; data: string }

  before(async () => {
    dirs = serveFolder()
    server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: quiet })
    c = client(server.url.replace(/\/$/, ''), server.token)
  })
  after(async () => server?.close())

  it('lists the folder\'s actions, grouped as the Actions tree groups them', async () => {
    const list = await c.json('/api/actions')
    assert.deepEqual(list.actions.map((a: any) => [a.slug, a.state]).sort(), [['hello', 'ready'], ['ops/three', 'ready']])
    assert.deepEqual(list.tree.map((n: any) => n.label ?? n.slug), ['Ops', 'hello'])
    assert.ok(!JSON.stringify(list).includes(dirs.folder), 'no absolute paths leave the server')
  })

  it('runs a transaction: prompts pushed as the webview protocol, answers posted, the end in History', async () => {
    const { id } = await c.json('/api/run', { slug: 'ops/three', params: { outbox: join(dirs.data, '..', 'outbox') } })
    const stream = events(c, `/api/tx/${id}/events`)
    try {
      const first = await stream.next(waitingAt('Order'))
      assert.equal((await c.post(`/api/tx/${id}/message`, { type: 'submit', seq: first.state.prompt.seq, values: ['ord_1'] })).status, 204)
      const second = await stream.next(waitingAt('Amount'))
      await c.post(`/api/tx/${id}/message`, { type: 'submit', seq: second.state.prompt.seq, values: [12] })
      const third = await stream.next(waitingAt('Note'))
      await c.post(`/api/tx/${id}/message`, { type: 'submit', seq: third.state.prompt.seq, values: ['thanks'] })
      const done = await stream.next((m) => m.type === 'state' && m.state.status === 'completed')
      assert.deepEqual(done.state.result, { order: 'ord_1', charge: 'ch_ord_1', amount: 12, note: 'thanks' })
    } finally {
      stream.close()
    }
    const history = await c.json('/api/history?action=ops/three')
    assert.equal(history.items[0].id, id)
    assert.equal(history.items[0].status, 'completed')
    const detail = await c.json(`/api/history/${id}`)
    assert.equal(detail.type, 'history')
    assert.equal(detail.entry.status, 'completed')
    assert.equal(detail.entry.action.file, 'ops/three.action.ts', 'named by its path in the folder')
    // A finished run's stream gives its History entry.
    const again = events(c, `/api/tx/${id}/events`)
    assert.equal((await again.next(() => true)).type, 'history')
    again.close()
    // History is an audit trail on serve: nobody deletes a run, finished or running.
    assert.equal((await c.post(`/api/tx/${id}/message`, { type: 'delete' })).status, 403)
    assert.equal((await c.get(`/api/history/${id}`)).status, 200)
    const { id: live } = await c.json('/api/run', { slug: 'hello' })
    assert.equal((await c.post(`/api/tx/${live}/message`, { type: 'delete' })).status, 403)
    await c.post(`/api/tx/${live}/message`, { type: 'cancel' })
  })

  it('pushes list changes: a started transaction is announced on /api/events', async () => {
    const list = events(c, '/api/events')
    try {
      await new Promise((r) => setTimeout(r, 200))
      const { id } = await c.json('/api/run', { slug: 'hello' })
      await list.next((m) => m.type === 'tx' && m.id === id)
      await c.post(`/api/tx/${id}/message`, { type: 'cancel' })
      await list.next((m) => m.type === 'tx' && m.id === id && m.status === 'canceled')
    } finally {
      list.close()
    }
  })

  it('refuses a malformed message, an unknown action and a bad body, each with a reason', async () => {
    const { id } = await c.json('/api/run', { slug: 'hello' })
    const bad = await c.post(`/api/tx/${id}/message`, { type: 'submit', seq: 'x' })
    assert.equal(bad.status, 400)
    assert.match((await bad.json()).error, /protocol/)
    const unknown = await c.post('/api/run', { slug: 'nope' })
    assert.equal(unknown.status, 400)
    assert.match((await unknown.json()).error, /No action or workflow "nope"/)
    const notJson = await fetch(`${c.base}/api/run`, { method: 'POST', headers: { authorization: `Bearer ${c.token}` }, body: '{' })
    assert.equal(notJson.status, 400)
    await c.post(`/api/tx/${id}/message`, { type: 'cancel' })
  })

  describe('security', () => {
    it('every route, stream and file needs the token; a wrong one is refused', async () => {
      for (const path of ['/', '/tx/abc', '/history', '/app/web.js', '/api/actions', '/api/events', '/api/history']) {
        assert.equal((await fetch(c.base + path)).status, 401, `${path} without a token`)
        assert.equal((await fetch(c.base + path, { headers: { authorization: 'Bearer wrong' } })).status, 401, `${path} with a wrong token`)
        assert.equal((await fetch(`${c.base}${path}?token=wrong`, { redirect: 'manual' })).status, 401, `${path} with a wrong ?token=`)
        assert.equal((await fetch(c.base + path, { headers: { cookie: 'mi_token=wrong' } })).status, 401, `${path} with a wrong cookie`)
      }
      assert.equal((await fetch(`${c.base}/api/run`, { method: 'POST', body: '{"slug":"hello"}' })).status, 401)
    })

    it('the first visit with ?token= sets an HttpOnly SameSite=Strict cookie and drops the token from the address', async () => {
      const res = await fetch(`${c.base}/tx/abc?x=1&token=${encodeURIComponent(c.token)}`, { redirect: 'manual' })
      assert.equal(res.status, 303)
      assert.equal(res.headers.get('location'), '/tx/abc?x=1')
      const cookie = res.headers.get('set-cookie')!
      assert.match(cookie, /^mi_token=[^;]+; HttpOnly; SameSite=Strict; Path=\//)
      const page = await fetch(`${c.base}/tx/abc`, { headers: { cookie: cookie.split(';')[0]! } })
      assert.equal(page.status, 200)
      const csp = page.headers.get('content-security-policy')!
      assert.match(csp, /script-src 'nonce-[^']+'/)
      assert.doesNotMatch(csp, /unsafe-/)
      const html = await page.text()
      assert.ok(!html.includes(c.token), 'the page never holds the token')
    })

    it('a change from another origin is refused even with the cookie; our own origin is let in', async () => {
      const cookie = `mi_token=${encodeURIComponent(c.token)}`
      const body = JSON.stringify({ slug: 'hello' })
      const cross = await fetch(`${c.base}/api/run`, { method: 'POST', headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/json' }, body })
      assert.equal(cross.status, 403)
      const none = await fetch(`${c.base}/api/run`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body })
      assert.equal(none.status, 403, 'a cookie without an Origin is not enough')
      const own = await fetch(`${c.base}/api/run`, { method: 'POST', headers: { cookie, origin: c.base, 'content-type': 'application/json' }, body })
      assert.equal(own.status, 200)
      await c.post(`/api/tx/${(await own.json()).id}/message`, { type: 'cancel' })
    })

    it('an oversized body is refused before it is read', async () => {
      const res = await c.post('/api/run', { slug: 'hello', params: { pad: 'x'.repeat(100_000) } })
      assert.equal(res.status, 413)
    })

    it('static paths cannot leave the app folder', async () => {
      assert.equal((await c.get('/app/web.js')).status, 200)
      for (const p of ['/app/../package.json', '/app/..%2F..%2Fpackage.json', '/app/%2e%2e/%2e%2e/package.json', '/app/..%5c..%5cpackage.json', '/app/%00', '/app/web.js%00.png']) {
        const res = await c.get(p)
        assert.notEqual(res.status, 200, p)
        assert.ok(!(await res.text()).includes('"devDependencies"'), p)
      }
    })
  })

  it('watches the folder: a new action file is pushed to list pages and listed', async () => {
    const list = events(c, '/api/events')
    try {
      await new Promise((r) => setTimeout(r, 200))
      writeFileSync(join(dirs.folder, 'ops', 'later.action.ts'), `export default { name: 'Later', handler: async () => 1 }\n`)
      await list.next((m) => m.type === 'actions')
      await poll(async () => (await c.json('/api/actions')).actions.some((a: any) => a.slug === 'ops/later' && a.state === 'ready'))
    } finally {
      list.close()
    }
  })

  it('a second serve on the same data folder is refused with a clear message', async () => {
    await assert.rejects(startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: quiet }), (e: Error) => e instanceof ServeError && /Another mini-interval serve uses/.test(e.message))
  })

  it('defaults its data folder to FOLDER/.mini-interval, kept out of git; MINI_INTERVAL_TOKEN overrides the token', async () => {
    const other = serveFolder()
    const s2 = await startServer({ folder: other.folder, port: 0, dist: 'dist', log: quiet, env: { MINI_INTERVAL_TOKEN: 'from-the-env' } })
    try {
      assert.equal(s2.token, 'from-the-env')
      assert.ok(existsSync(join(other.folder, '.mini-interval', 'history')))
      assert.match(readFileSync(join(other.folder, '.gitignore'), 'utf8'), /^\.mini-interval\/$/m)
      assert.equal((await fetch(`${s2.url}api/actions`, { headers: { authorization: 'Bearer from-the-env' } })).status, 200)
      const listed = (await client(s2.url.replace(/\/$/, ''), s2.token).json('/api/actions')).actions.map((a: any) => a.relPath)
      assert.ok(!listed.some((p: string) => p.startsWith('.mini-interval')))
    } finally {
      await s2.close()
    }
  })

  it('keeps its token in the data folder, owner-only', () => {
    const file = join(dirs.data, 'token')
    assert.ok(existsSync(file))
    assert.equal(readFileSync(file, 'utf8').trim(), server.token)
    assert.equal(statSync(file).mode & 0o077, 0, 'only its owner may read it')
  })
})
