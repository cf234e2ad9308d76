import { strict as assert } from 'node:assert'
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildTree } from '../../src/core/discovery/actionTree'
import { HistoryStore, newTxId } from '../../src/core/history/store'
import { CompileCache } from '../../src/core/loader/cache'
import { isIntervalEntry } from '../../src/core/routes/detect'
import { routeFiles } from '../../src/core/routes/directory'
import { loadEntryRoutes, prepareRoute } from '../../src/core/routes/load'
import { routeKeyLine } from '../../src/core/routes/keyLine'
import { slugProblem, slugToName } from '../../src/core/routes/names'
import { Page } from '../../src/core/routes/page'
import { walkRoutes } from '../../src/core/routes/walk'
import { Action } from '../../src/core/runtime/definition'
import { Transaction } from '../../src/core/runtime/transaction'
import { ROOT, USER, WASM, awaiting, tempTree, until, workerPath } from './helpers'

const FIXTURE = join(ROOT, 'test/fixtures/interval-project')
const noop = async (): Promise<void> => {}
/** One cache for the tests that do not edit files, as the extension keeps one. */
const shared = new CompileCache(WASM)

/** Starts a transaction of the route `slug` of the entry file, as the shell does. */
async function startRoute(file: string, slug: string, params: Record<string, unknown> = {}) {
  const compiler = shared
  const { routesDirectory } = await loadEntryRoutes(workerPath(), compiler, file)
  const { compiled, interval } = await prepareRoute(compiler, file, slug, routesDirectory)
  const history = new HistoryStore(mkdtempSync(join(tmpdir(), 'mini-interval-history-')))
  return new Transaction({ id: newTxId(), workerPath: workerPath(), history, compiled, interval, params, user: USER, action: { slug, name: slug, file } })
}

/** Answers each screen with the next values and returns the finished record. */
async function answer(tx: Transaction, answers: unknown[][]) {
  for (const values of answers) {
    const v = await awaiting(tx)
    assert.equal(v.status, 'awaiting', JSON.stringify(v.error))
    tx.submit(v.prompt!.seq, values)
    await until(tx, (x) => x.prompt?.seq !== v.prompt!.seq || x.status !== 'awaiting')
  }
  return tx.finished
}

describe('routes: Interval entry files', function () {
  this.timeout(30_000)

  it('names folders and checks slugs as Interval did', () => {
    assert.equal(slugToName('userTools'), 'User tools')
    assert.equal(slugToName('billing_ops'), 'Billing ops')
    assert.equal(slugToName('my-page.v2'), 'My page v2')
    assert.equal(slugToName('URLShortener'), 'Url shortener')
    assert.equal(slugToName('importCSVFiles'), 'Import csv files')
    assert.equal(slugProblem('edit_email-2.v1'), undefined)
    assert.match(slugProblem('edit email')!, /Invalid slug "edit email"/)
    assert.match(slugProblem('a/b')!, /Invalid slug/)
  })

  it('finds the line where a route is written in its entry file', () => {
    const text = `new Interval({\n  routes: {\n    'hello-world': async () => 1,\n    refund_user,\n    reports: new Page({ name: 'R', routes: { weekly } }),\n  },\n})`
    assert.equal(routeKeyLine(text, 'hello-world'), 2)
    assert.equal(routeKeyLine(text, 'refund_user'), 3)
    assert.equal(routeKeyLine(text, 'reports/weekly'), 4)
    assert.equal(routeKeyLine(text, 'refund'), undefined, 'a key, not a prefix of one')
  })

  it('detects entry files by their constructor call and SDK import', () => {
    assert.ok(isIntervalEntry(`import Interval from '@interval/sdk'\nnew Interval({ routes: {} }).listen()`))
    assert.ok(isIntervalEntry(`const { Interval } = require("@interval/sdk")\nconst i = new Interval({})`))
    assert.ok(isIntervalEntry(`import ExperimentalInterval from '@interval/sdk/dist/experimental'\nnew ExperimentalInterval({})`))
    assert.ok(!isIntervalEntry(`import { Action } from '@interval/sdk'\nexport default new Action(async () => 1)`), 'an action file')
    assert.ok(!isIntervalEntry(`class Interval {}\nnew Interval()`), 'no SDK import')
    assert.ok(!isIntervalEntry(`import Interval from '@interval/sdk'\nconst x = new IntervalTree()`))
  })

  it('merges actions, groups and routes in Interval\'s order, pages recursively', () => {
    const action = (name: string) => new Action({ name, handler: noop })
    const table = walkRoutes({
      // what Interval spreads: actions, groups, the routesDirectory, routes (later keys win)
      ...{ a: action('from actions'), b: action('from actions') },
      ...{ g: new Page({ name: 'Group', actions: { x: noop }, groups: { sub: new Page({ name: 'Sub', routes: { y: { handler: noop, description: 'why' } } }) } }) },
      ...{ b: action('from routes') },
    })
    assert.deepEqual(
      table.routes.map((r) => [r.slug, r.kind, r.name]),
      [['a', 'action', 'from actions'], ['b', 'action', 'from routes'], ['g', 'page', 'Group'], ['g/x', 'action', 'x'], ['g/sub', 'page', 'Sub'], ['g/sub/y', 'action', 'y']],
    )
    assert.equal(table.routes.find((r) => r.slug === 'g/sub/y')!.description, 'why')
    assert.deepEqual([...table.handlers.keys()], ['a', 'b', 'g/x', 'g/sub/y'])
  })

  it('reports an invalid slug and a route that is neither an Action nor a Page on that route only', () => {
    const page = new Page({ name: 'P', routes: { ok: noop } })
    page.add('later', noop)
    page.add('gone', noop)
    page.remove('gone')
    const table = walkRoutes({ 'bad slug': noop, number: 5 as never, obj: { name: 'no handler' } as never, p: page, hidden: new Page({ name: 'H', unlisted: true, routes: { inner: noop } }) })
    const by = Object.fromEntries(table.routes.map((r) => [r.slug, r]))
    assert.match(by['bad slug'].error!, /Invalid slug "bad slug"/)
    assert.match(by.number.error!, /neither an Action nor a Page \(it is of type number\)/)
    assert.match(by.obj.error!, /neither an Action nor a Page \(it is an object without a handler function\)/)
    assert.equal(by['p/ok'].error, undefined)
    assert.ok(by['p/later'] && !by['p/gone'], 'page.add and page.remove')
    assert.ok(by.hidden.unlisted && by['hidden/inner'].unlisted, 'an unlisted page hides its routes')
    assert.deepEqual([...table.handlers.keys()], ['p/ok', 'p/later', 'hidden/inner'])
  })

  it('reads the fixture project as Interval would show it', async () => {
    const { routes, routesDirectory, inputs } = await loadEntryRoutes(workerPath(), new CompileCache(WASM), join(FIXTURE, 'index.ts'))
    assert.equal(routesDirectory, join(FIXTURE, 'routes'))
    assert.deepEqual(
      routes.map((r) => [r.slug, r.kind, r.name, r.unlisted, r.error]),
      [
        ['billingOps', 'page', 'Billing ops', false, undefined],
        ['billingOps/refund_user', 'action', 'refund_user', false, undefined],
        ['users', 'page', 'User tools', false, undefined],
        ['users/admin', 'page', 'Admin', false, undefined],
        ['users/admin/reset_password', 'action', 'reset_password', true, undefined],
        ['users/edit_email', 'action', 'Edit email', false, undefined],
        ['users/lookup', 'action', 'lookup', false, undefined],
        ['hello_world', 'action', 'hello_world', false, undefined],
        ['fail', 'action', 'fail', false, undefined],
        ['reports', 'page', 'Reports', false, undefined],
        ['reports/weekly', 'action', 'Weekly report', false, undefined],
      ],
    )
    const refund = routes.find((r) => r.slug === 'billingOps/refund_user')!
    assert.equal(refund.file, join(FIXTURE, 'routes/billingOps/refund_user.ts'))
    assert.equal(refund.backgroundable, true)
    assert.equal(routes.find((r) => r.slug === 'users')!.description, 'Look up and change users')
    assert.equal(routes.find((r) => r.slug === 'users')!.file, join(FIXTURE, 'routes/users/index.ts'))
    assert.ok(routeFiles(routesDirectory!).includes(join(FIXTURE, 'routes/users/helpers.ts')), 'compiled, then skipped: no default export')
    for (const f of ['index.ts', 'lib/ask.ts', 'routes/users/edit_email.ts']) assert.ok(inputs.includes(join(FIXTURE, f)), f)
  })

  it('runs every action of the fixture, module-level io and ctx across awaits, helpers and Promise.all', async () => {
    const entry = join(FIXTURE, 'index.ts')
    let r = await answer(await startRoute(entry, 'hello_world'), [['Ada']])
    assert.equal(r.result, 'Hello, Ada')
    r = await answer(await startRoute(entry, 'users/edit_email'), [['a@example.com'], ['b@example.com'], [true]])
    assert.deepEqual(r.result, { from: 'a@example.com', to: 'b@example.com', sure: true, route: 'users/edit_email' })
    r = await answer(await startRoute(entry, 'users/lookup'), [['babbage']])
    assert.deepEqual(r.result, { a: 3, b: 8, c: 7 })
    assert.deepEqual(r.logs, ['counted ada for ada@example.com', 'counted lovelace for ada@example.com', 'counted babbage for ada@example.com'])
    r = await answer(await startRoute(entry, 'users/admin/reset_password'), [[true]])
    assert.equal(r.result, 'reset')
    r = await answer(await startRoute(entry, 'billingOps/refund_user'), [[12]])
    assert.deepEqual(r.result, { refunded: 12 })
    r = await answer(await startRoute(entry, 'reports/weekly', { week: 7 }), [])
    assert.deepEqual(r.result, { total: 42, week: 7 })
    assert.deepEqual(r.logs, ['building the report'])
  })

  it('opens a page with a handler as its Layout: title, description, menu items, then the children', async () => {
    const { routes } = await loadEntryRoutes(workerPath(), shared, join(FIXTURE, 'index.ts'))
    assert.equal(routes.find((r) => r.slug === 'reports')!.hasHandler, true)
    assert.equal(routes.find((r) => r.slug === 'users')!.hasHandler, false)
    const tx = await startRoute(join(FIXTURE, 'index.ts'), 'reports')
    const r = await tx.finished
    assert.equal(r.status, 'completed', JSON.stringify(r.error))
    const feed = tx.view.feed
    assert.deepEqual(feed.map((c) => c.method), ['DISPLAY_HEADING', 'DISPLAY_MARKDOWN', 'DISPLAY_METADATA'])
    assert.equal(feed[0].label, 'Reports for Ada', 'module-level ctx in a page handler')
    assert.equal(feed[0].props.description, 'Numbers of the week')
    assert.deepEqual(feed[0].props.menuItems, [
      { label: 'Last week', route: 'reports/weekly', params: { week: 47 } },
      { label: 'Interval docs', url: 'https://interval.com/docs' },
    ])
    assert.equal(feed[1].label, '**12** orders this week')
  })

  it('calls onError for a failed transaction, then fails it', async () => {
    const r = await (await startRoute(join(FIXTURE, 'index.ts'), 'fail', { id: 1 })).finished
    assert.equal(r.status, 'failed')
    assert.equal(r.error!.message, 'Broken on purpose')
    assert.deepEqual(r.logs, ['onError fail {"id":1}: Broken on purpose'])
  })

  it('gives a page handler ctx.page, and onError the error an IOError wraps', async () => {
    const dir = tempTree({
      'index.js': `const { Interval, Page, Layout, IOError, ctx } = require('@interval/sdk')
new Interval({
  onError: ({ error, route }) => console.log('onError', route, error.message),
  routes: {
    p: new Page({ name: 'P', handler: async () => new Layout({ title: () => 'Page ' + ctx.page.slug }) }),
    wrapped: async () => { throw new IOError('RESPONSE_HANDLER_ERROR', 'outer', { cause: new Error('inner') }) },
  },
})`,
    })
    const page = await startRoute(join(dir, 'index.js'), 'p')
    await page.finished
    assert.equal(page.view.feed[0].label, 'Page p')
    const r = await (await startRoute(join(dir, 'index.js'), 'wrapped')).finished
    assert.deepEqual(r.logs, ['onError wrapped inner'])
  })

  it('fails a route that is missing, broken or a page without a handler with its reason', async () => {
    const dir = tempTree({ 'index.ts': `import Interval from '@interval/sdk'\nnew Interval({ routes: { 'bad slug': async () => 1, p: new (require('@interval/sdk').Page)({ name: 'P' }) } })` })
    const broken = await (await startRoute(join(dir, 'index.ts'), 'bad slug')).finished
    assert.match(broken.error!.message, /Invalid slug "bad slug"/)
    assert.match((await (await startRoute(join(dir, 'index.ts'), 'nope')).finished).error!.message, /no route "nope"/)
    assert.match((await (await startRoute(join(dir, 'index.ts'), 'p')).finished).error!.message, /"p" is a page without a handler/)
  })

  it('marks a routesDirectory file that does not compile or load, and sees edits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mini-interval-project-'))
    cpSync(FIXTURE, dir, { recursive: true })
    writeFileSync(join(dir, 'routes/users/broken.ts'), 'export default new Action({ handler: async () => { ')
    writeFileSync(join(dir, 'routes/users/throws.ts'), `throw new Error('top-level boom')`)
    writeFileSync(join(dir, 'routes/users/plain.ts'), `export default async () => 1`)
    const compiler = new CompileCache(WASM)
    let { routes } = await loadEntryRoutes(workerPath(), compiler, join(dir, 'index.ts'))
    const by = Object.fromEntries(routes.map((r) => [r.slug, r]))
    assert.match(by['users/broken'].error!, /broken\.ts:1:\d+: Unexpected end of file/)
    assert.equal(by['users/broken'].file, join(dir, 'routes/users/broken.ts'))
    assert.match(by['users/throws'].error!, /top-level boom/)
    assert.match(by['users/plain'].error!, /neither an Action nor a Page/)
    assert.equal(by['users/edit_email'].error, undefined, 'the other routes are unaffected')
    writeFileSync(join(dir, 'routes/users/edit_email.ts'), `import { Action } from '@interval/sdk'\nexport default new Action({ name: 'Renamed', handler: async () => 1 })\n`)
    ;({ routes } = await loadEntryRoutes(workerPath(), compiler, join(dir, 'index.ts')))
    assert.equal(routes.find((r) => r.slug === 'users/edit_email')!.name, 'Renamed')
  })

  it('runs the seed example unchanged: email, a select table, loading', async () => {
    const dir = tempTree({
      'refund.ts': `import Interval from '@interval/sdk'

async function refund_user(io, ctx) {
  const email = await io.input.email('Customer email')
  const charges = [{ id: 'ch_1', amount: 10 }, { id: 'ch_2', amount: 25 }, { id: 'ch_3', amount: 5 }]
  const toRefund = await io.select.table('Charges to refund', { data: charges, minSelections: 1 })
  ctx.loading.start({ label: 'Refunding', itemsInQueue: toRefund.length })
  for (const charge of toRefund) {
    await new Promise((r) => setTimeout(r, 1))
    ctx.loading.completeOne()
  }
  return { email, refunded: toRefund.map((c) => c.id).join(', ') }
}

new Interval({ apiKey: 'live_key', actions: { refund_user } }).listen()
`,
    })
    const file = join(dir, 'refund.ts')
    const { routes } = await loadEntryRoutes(workerPath(), new CompileCache(WASM), file)
    assert.deepEqual(routes.map((r) => [r.slug, r.name]), [['refund_user', 'refund_user']])
    const tx = await startRoute(file, 'refund_user')
    const r = await answer(tx, [['ada@example.com'], [[0, 2]]])
    assert.equal(r.status, 'completed')
    assert.deepEqual(r.result, { email: 'ada@example.com', refunded: 'ch_1, ch_3' })
  })

  it('reads ExperimentalInterval, interval.routes.add and a relative routesDirectory', async () => {
    const dir = tempTree({
      'main.js': `const { Interval } = require('@interval/sdk/dist/experimental')
const interval = new Interval({ routesDirectory: 'tools', routes: { a: async () => 'a' } })
interval.routes.add('b', async () => 'b')
interval.routes.remove('a')`,
      'tools/c.js': `const { Action } = require('@interval/sdk')\nexports.default = new Action(async () => 'c')`,
    })
    const { routes } = await loadEntryRoutes(workerPath(), new CompileCache(WASM), join(dir, 'main.js'))
    assert.deepEqual(routes.map((r) => r.slug), ['c', 'b'])
  })

  it('reads .mjs and .mts entry files, whose default import is the whole module', async () => {
    const dir = tempTree({
      'index.mjs': `import Interval, { Action } from '@interval/sdk'\nnew Interval({ routes: { a: new Action(async () => 1) } }).listen()`,
      'b.mts': `import Interval from '@interval/sdk/dist/experimental'\nnew Interval({ routes: { b: async () => 1 } })`,
    })
    assert.deepEqual((await loadEntryRoutes(workerPath(), shared, join(dir, 'index.mjs'))).routes.map((r) => r.slug), ['a'])
    assert.deepEqual((await loadEntryRoutes(workerPath(), shared, join(dir, 'b.mts'))).routes.map((r) => r.slug), ['b'])
  })

  it('reports an SDK-importing file that constructs no Interval', async () => {
    const dir = tempTree({ 'index.ts': `import Interval from '@interval/sdk'\nexport function later() { return new Interval({}) }` })
    await assert.rejects(loadEntryRoutes(workerPath(), new CompileCache(WASM), join(dir, 'index.ts')), /constructed no `new Interval/)
  })
})

describe('routes: the Actions tree', () => {
  it('puts routes under their pages, beside the folders of action files', () => {
    const entry = { file: '/w/app/index.ts', relPath: 'app/index.ts', root: 'w' }
    const route = (slug: string, kind: 'action' | 'page', label: string) => ({ key: `${entry.file}#${slug}`, slug, file: entry, kind, label })
    const tree = buildTree([{ file: '/w/billing/refund.action.ts', relPath: 'billing/refund.action.ts', root: 'w' }], false, [
      route('users', 'page', 'User tools'), route('users/admin/reset', 'action', 'reset'), route('users/edit', 'action', 'Edit email'), route('hello', 'action', 'hello'),
    ])
    const shape = (nodes: typeof tree): unknown => nodes.map((n) => (n.kind === 'group' ? { [n.label]: shape(n.children) } : n.slug))
    assert.deepEqual(shape(tree), [{ Billing: ['billing/refund'] }, { 'User tools': [{ admin: ['users/admin/reset'] }, 'users/edit'] }, 'hello'])
    const users = tree[1] as Extract<(typeof tree)[number], { kind: 'group' }>
    assert.equal(users.key, `${entry.file}#users`, 'a page group names its entry')
    assert.equal((users.children[1] as { key?: string }).key, `${entry.file}#users/edit`, 'a route names its entry')
  })
})
