// serve's notifications: who `to` names (emails, teams, webhook URLs; absent,
// the run's user), the Slack-compatible webhook body, a failing webhook logged
// once by its host only, and --webhook / MINI_INTERVAL_WEBHOOK.
import * as assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from '../../src/server/cli'
import { Notifier } from '../../src/server/notify/notifier'
import { hostOf, webhookBody } from '../../src/server/notify/webhook'
import { startServer } from '../../src/server/serve'
import { client } from './serve-client'
import { serveFolder } from './serve-folder'

const people = [
  { email: 'Ada@x.io', teams: ['ops', 'finance'] },
  { email: 'bo@x.io', teams: ['ops'] },
  { email: 'cy@x.io', teams: [] },
]
const quiet = () => {
  const lines: string[] = []
  return { lines, log: { info: () => {}, warn: (l: string) => lines.push(l), error: (l: string) => lines.push(l) } }
}

async function hookServer(): Promise<{ server: Server; url: string; got: { path: string; body: any }[] }> {
  const got: { path: string; body: any }[] = []
  const server = createServer((req, res) => {
    let text = ''
    req.on('data', (d) => (text += d))
    req.on('end', () => (got.push({ path: req.url ?? '', body: JSON.parse(text) }), res.writeHead(204).end()))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, got }
}

describe('notifications', () => {
  it('resolves `to`: the run\'s user when absent, emails, every member of a team, webhook URLs', () => {
    const { log, lines } = quiet()
    const n = new Notifier({ people: { list: () => people }, log })
    assert.deepEqual(n.resolve(undefined, 'cy@x.io'), { emails: ['cy@x.io'], webhooks: [] })
    assert.deepEqual(n.resolve('ops', undefined), { emails: ['ada@x.io', 'bo@x.io'], webhooks: [] })
    assert.deepEqual(n.resolve(['finance', 'BO@x.io', 'https://hooks.example/T/abc', ' '], 'cy@x.io'), { emails: ['ada@x.io', 'bo@x.io'], webhooks: ['https://hooks.example/T/abc'] })
    assert.deepEqual(n.resolve(['nobody-team'], undefined), { emails: [], webhooks: [] })
    assert.match(lines.join('\n'), /"nobody-team": no person is in a team of that name/)
  })

  it('pushes a notification only to the listeners of the people it names', () => {
    const { log } = quiet()
    const n = new Notifier({ people: { list: () => people }, log })
    const seen: Record<string, string[]> = { ada: [], bo: [], cy: [] }
    const stopAda = n.listen('ada@x.io', (e) => seen.ada!.push(e.message))
    n.listen('bo@x.io', (e) => seen.bo!.push(e.message))
    n.listen('cy@x.io', (e) => seen.cy!.push(e.message))
    n.send({ message: 'to finance', to: 'finance' })
    n.send({ message: 'to cy by default', user: 'cy@x.io' })
    stopAda()
    n.send({ message: 'to ops', to: ['ops'] })
    assert.deepEqual(seen, { ada: ['to finance'], bo: ['to ops'], cy: ['to cy by default'] })
  })

  it('posts a Slack-compatible body: *title* and the message in `text` (markup escaped), our fields besides', () => {
    const body = webhookBody({ message: 'Paid <b> & done', title: 'Pay', tx: 'abc', slug: 'pay', at: '2026-01-05T09:00:00.000Z' }, 'http://srv:9080/')
    assert.deepEqual(body, { text: '*Pay*\nPaid &lt;b&gt; &amp; done', message: 'Paid <b> & done', title: 'Pay', tx: 'abc', url: 'http://srv:9080/tx/abc', action: 'pay', at: '2026-01-05T09:00:00.000Z' })
    assert.equal(webhookBody({ message: 'plain', at: 'x' }).text, 'plain')
    assert.equal(hostOf('https://hooks.slack.com/services/T0/B0/secret'), 'hooks.slack.com')
  })

  it('logs a failing webhook once, by its host only, and never waits for it', async () => {
    const { log, lines } = quiet()
    const n = new Notifier({ people: { list: () => [] }, log, timeoutMs: 2000 })
    const t = Date.now()
    n.send({ message: 'a', to: 'http://127.0.0.1:1/secret-path-abc' })
    n.send({ message: 'b', to: 'http://127.0.0.1:1/secret-path-abc' })
    assert.ok(Date.now() - t < 100, 'send does not wait for the webhook')
    await n.settled()
    assert.equal(lines.length, 1)
    assert.match(lines[0]!, /127\.0\.0\.1:1/)
    assert.ok(!lines[0]!.includes('secret-path-abc'))
  })

  it('times a webhook out that does not answer', async () => {
    const { log, lines } = quiet()
    const silent = createServer(() => {}) // never answers
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    try {
      const n = new Notifier({ people: { list: () => [] }, log, timeoutMs: 300 })
      n.send({ message: 'x', to: `http://127.0.0.1:${(silent.address() as { port: number }).port}/hook` })
      await n.settled()
      assert.match(lines.join('\n'), /no answer in 0\.3 s/)
    } finally {
      silent.closeAllConnections()
      silent.close()
    }
  })

  it('takes --webhook URL on the command line, and refuses what is not a URL', () => {
    const parsed = parseArgs(['serve', 'ex', '--webhook', 'https://hooks.example/T/abc'])
    assert.equal('webhook' in parsed && parsed.webhook, 'https://hooks.example/T/abc')
    const bad = parseArgs(['serve', 'ex', '--webhook', 'hooks.example'])
    assert.ok('error' in bad && /--webhook must be a URL/.test(bad.error))
  })

  it('serve posts every notification to MINI_INTERVAL_WEBHOOK', async function () {
    this.timeout(30_000)
    const hook = await hookServer()
    const dirs = serveFolder()
    writeFileSync(join(dirs.folder, 'ping.action.ts'), `export default { handler: async (io: any, ctx: any) => { await ctx.notify({ message: 'pinged' }); return 'ok' } }\n`)
    const server = await startServer({ folder: dirs.folder, data: dirs.data, port: 0, dist: 'dist', log: quiet().log, env: { MINI_INTERVAL_WEBHOOK: `${hook.url}/env` } })
    try {
      const c = client(server.url.replace(/\/$/, ''), server.token)
      const { id } = await c.json('/api/run', { slug: 'ping' })
      const end = Date.now() + 15_000
      while (!hook.got.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
      assert.deepEqual(hook.got.map((h) => [h.path, h.body.text, h.body.tx]), [['/env', 'pinged', id]])
    } finally {
      await server.close()
      hook.server.close()
    }
  })
})
