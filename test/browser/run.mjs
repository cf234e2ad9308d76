// Browser tests of `mini-interval serve`'s web app: a real serve (child
// process, on a copy of examples/) and Debian's Chromium through playwright-core.
//   node scripts/build.mjs && node test/browser/run.mjs [name filter]
// Prints one line per test and ends with "N passed, M failed".
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import http from 'node:http'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { eventually, textOf } from '../webview/util.mjs'
import { exampleFolder, freePort, root, serve } from './serve.mjs'

const shotsDir = join(root, 'test-output/screenshots')
const tests = []
const test = (name, fn) => tests.push({ name, fn })
const filter = process.argv[2]

const BROKEN = 'broken/typo.action.ts'
const BROKEN_TEXT = "import { defineAction } from 'mini-interval'\nexport default defineAction({ name: 'Typo', handler: async (io) => { await io.input.text('x' }) })\n"

// ---------------------------------------------------------------------------
// Helpers

/** A fresh browser context signed in the way a person is: one visit to the printed URL with ?token=. */
async function signIn(t, { colorScheme = 'light', path = '/' } = {}) {
  const context = await t.browser.newContext({ colorScheme, viewport: { width: 1100, height: 900 } })
  const page = await context.newPage()
  const errors = []
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  await page.addInitScript(() => {
    window.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`))
  })
  await page.goto(`${t.server.origin}${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(t.server.token)}`)
  t.cleanup.push(() => context.close())
  return { context, page, errors }
}

/** Starts an action from the page's own origin (as the dashboard does) and opens its transaction page. */
async function runFromPage(page, slug, params) {
  const id = await page.evaluate(async ({ slug, params }) => {
    const res = await fetch('/api/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slug, params }) })
    if (!res.ok) throw new Error(await res.text())
    return (await res.json()).id
  }, { slug, params })
  await page.goto(new URL(`/tx/${id}`, page.url()).href)
  return id
}

const status = (page) => page.locator('mi-app').getByTestId('status').first()
const submit = (page) => page.getByRole('button', { name: 'Submit', exact: true })

async function waitForStatus(page, text, timeout = 20_000) {
  await eventually(async () => assert.equal(await textOf(status(page)), text), timeout)
}

async function shot(page, name) {
  mkdirSync(shotsDir, { recursive: true })
  await page.screenshot({ path: join(shotsDir, `browser-${name}.png`), fullPage: true })
}

async function cspViolations(page) {
  return page.evaluate(() => window.__csp)
}

// ---------------------------------------------------------------------------
// Security, from the page's side

test('first visit: the token goes into an HttpOnly SameSite=Strict cookie and out of the address bar; the page is under the strict CSP', async (t) => {
  const { context, page, errors } = await signIn(t, { path: '/history' })
  await page.getByRole('heading', { name: 'History' }).waitFor()
  assert.equal(new URL(page.url()).pathname, '/history')
  assert.ok(!page.url().includes('token'), `the address bar still has the token: ${page.url()}`)
  const cookie = (await context.cookies()).find((c) => c.name === 'mi_token')
  assert.ok(cookie, 'a mi_token cookie')
  assert.equal(cookie.httpOnly, true)
  assert.equal(cookie.sameSite, 'Strict')
  assert.equal(await page.evaluate(() => document.cookie.includes('mi_token')), false, 'scripts cannot read it')
  assert.ok(!(await page.content()).includes(t.server.token), 'the page never holds the token')
  const res = await page.request.get(t.server.origin + '/')
  const csp = res.headers()['content-security-policy']
  assert.match(csp, /script-src 'nonce-[^']+'/)
  assert.doesNotMatch(csp, /unsafe-/)
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  assert.doesNotMatch(meta, /unsafe-/)
  // A reload keeps the person signed in, with no token in the URL.
  await page.reload()
  await page.getByRole('heading', { name: 'History' }).waitFor()
  assert.deepEqual(await cspViolations(page), [])
  assert.deepEqual(errors, [])
})

test('without the token: no page, no API; a page on another origin cannot start a run', async (t) => {
  const context = await t.browser.newContext()
  t.cleanup.push(() => context.close())
  const page = await context.newPage()
  // A page without a session goes to the sign-in page, which says where the way in is.
  await page.goto(t.server.origin + '/')
  assert.equal(new URL(page.url()).pathname, '/signin')
  assert.match(await page.textContent('body'), /\?token=/)
  assert.equal(await page.locator('mi-web').count(), 0)
  await page.goto(`${t.server.origin}/?token=not-the-token`)
  assert.equal(new URL(page.url()).pathname, '/signin', 'a wrong token: the sign-in page')
  assert.equal((await page.goto(`${t.server.origin}/api/actions`)).status(), 401)
  // Signed in, then a foreign page posts to the server with the person's cookie (CSRF): nothing starts.
  const signed = await signIn(t)
  const before = (await t.server.api('/api/history?limit=1')).body.total
  const evil = http.createServer((_, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<p>elsewhere</p>'))
  await new Promise((r) => evil.listen(0, '127.0.0.1', r))
  t.cleanup.push(() => new Promise((r) => evil.close(r)))
  const other = await signed.context.newPage()
  await other.goto(`http://127.0.0.1:${evil.address().port}/`)
  const outcome = await other.evaluate(async (origin) => {
    try {
      const r = await fetch(origin + '/api/run', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ slug: 'hello' }) })
      return r.type
    } catch (e) {
      return `error: ${e.message}`
    }
  }, t.server.origin)
  assert.ok(outcome === 'opaque' || outcome.startsWith('error'), outcome)
  await new Promise((r) => setTimeout(r, 300))
  assert.equal((await t.server.api('/api/history?limit=1')).body.total, before, 'no run was started from the other origin')
})

// ---------------------------------------------------------------------------
// Dashboard

test('dashboard: actions grouped as the Actions tree (folders, the Interval page, workflows), a broken one with its error, search', async (t) => {
  const { page, errors } = await signIn(t)
  const groups = page.getByTestId('group')
  await page.getByRole('button', { name: 'Refund customer', exact: true }).waitFor()
  const labels = await groups.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
  for (const g of ['Billing', 'Demos', 'Kitchen sink', 'Lifecycle', 'Orders', 'Resumable', 'Tables', 'Workflows', 'Broken']) assert.ok(labels.includes(g), `group ${g} in ${labels}`)
  // The Interval page groups its route; workflows sit in their folder with the actions beside them.
  const orders = page.getByRole('region', { name: 'Orders', exact: true })
  assert.ok(await orders.getByText('page', { exact: true }).isVisible())
  assert.equal(await orders.getByRole('button', { name: 'Find order' }).count(), 1)
  const workflows = page.getByRole('region', { name: 'Workflows', exact: true })
  assert.equal(await workflows.getByTestId('workflow').count(), 3)
  assert.equal(await page.getByRole('button', { name: 'Approve refund' }).count(), 0, 'an unlisted action is not offered')
  const broken = page.getByTestId('broken')
  await eventually(async () => assert.match(await textOf(broken), /broken\/typo\b.*broken.*broken\/typo\.action\.ts/))
  assert.match(await textOf(broken.locator('pre')), /typo\.action\.ts:2:\d+: Expected "\)"/, 'its compile error is shown')
  assert.equal(await page.getByRole('button', { name: 'broken/typo' }).count(), 0, 'it has no run button')
  // Search: words match name, slug, path and description, and a group's name counts for what it holds.
  const search = page.getByRole('searchbox', { name: 'Search actions' })
  await search.fill('refund')
  await eventually(async () => {
    const names = await page.locator('mi-dashboard button.item:not(.page-run)').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
    assert.deepEqual(names.sort(), ['Refund customer', 'Refund order', 'Refund with approval'])
  })
  await search.fill('orders find')
  await eventually(async () => assert.deepEqual(await page.locator('mi-dashboard button.item:not(.page-run)').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label'))), ['Find order']))
  assert.match(new URL(page.url()).search, /q=orders/, 'the search is in the URL')
  await search.fill('zzz no such thing')
  await page.getByTestId('no-match').waitFor()
  // An Interval page with a handler opens its own screen.
  await search.fill('')
  await page.getByRole('button', { name: 'Open Orders' }).click()
  await page.waitForURL(/\/tx\/[a-z0-9-]+$/)
  await eventually(async () => assert.match(await textOf(page.locator('mi-app')), /Two orders are open/), 15_000)
  assert.deepEqual(errors, [])
  assert.deepEqual(await cspViolations(page), [])
})

test('dashboard: a new action file appears without a reload (pushed), and a fixed broken one runs', async (t) => {
  const { page } = await signIn(t)
  await page.getByRole('button', { name: 'Refund customer', exact: true }).waitFor()
  writeFileSync(join(t.folder, 'added.action.ts'), "import { defineAction } from 'mini-interval'\nexport default defineAction({ name: 'Added later', handler: async () => 'ok' })\n")
  t.cleanup.push(() => rmSync(join(t.folder, 'added.action.ts'), { force: true }))
  await page.getByRole('button', { name: 'Added later' }).waitFor({ timeout: 20_000 })
  // The broken file fixed: its error goes, its button comes.
  writeFileSync(join(t.folder, BROKEN), BROKEN_TEXT.replace("text('x' })", "text('x') }"))
  t.cleanup.push(() => writeFileSync(join(t.folder, BROKEN), BROKEN_TEXT))
  await page.getByRole('button', { name: 'Typo' }).waitFor({ timeout: 20_000 })
  assert.equal(await page.getByTestId('broken').count(), 0)
  await page.getByRole('button', { name: 'Added later' }).click()
  await page.waitForURL(/\/tx\/[a-z0-9-]+$/)
  await waitForStatus(page, 'Completed')
})

// ---------------------------------------------------------------------------
// A whole refund flow, then History

test('refund flow: dashboard → email → pick charges in the table → refunded, then found in History and its detail', async (t) => {
  const { page, errors } = await signIn(t)
  await page.getByRole('button', { name: 'Refund customer', exact: true }).click()
  await page.waitForURL(/\/tx\/[a-z0-9-]+$/)
  const id = new URL(page.url()).pathname.split('/').pop()
  await page.getByLabel('Customer email').fill('ada@example.com')
  await submit(page).click()
  const rows = page.getByTestId('table-row')
  await eventually(async () => assert.ok(await rows.count() >= 3), 15_000)
  await rows.nth(0).click()
  await rows.nth(2).click()
  await eventually(async () => assert.equal(await page.locator('[data-testid="table-row"][aria-selected="true"]').count(), 2))
  await shot(page, 'refund-table')
  await submit(page).click()
  await waitForStatus(page, 'Completed')
  const result = await textOf(page.locator('mi-app'))
  assert.match(result, /ada@example\.com/)
  assert.match(result, /ch_1001/)
  assert.match(result, /Refunded ch_1001/, 'the log')
  assert.match(await page.title(), /Refund customer \(completed\)/)
  // History lists it; its detail is the History view of VS Code.
  await page.getByRole('link', { name: 'History' }).click()
  await page.waitForURL(/\/history$/)
  const row = page.locator(`[data-testid="history-row"][data-id="${id}"]`)
  await row.waitFor()
  assert.match(await textOf(row), /Refund customer.*Completed/)
  await row.getByRole('link').click()
  await page.waitForURL(new RegExp(`/history/${id}$`))
  await page.getByTestId('step').first().waitFor()
  const detail = await textOf(page.locator('mi-app'))
  assert.match(detail, /Customer email ada@example\.com/)
  assert.match(detail, /Charges to refund/)
  assert.deepEqual(errors, [])
})

test('history: filter by status and action, search text, page with Show more; the filters survive a reload', async (t) => {
  // Runs to list: three finished ones of Hello and a canceled one, run in the page.
  const { page: runner } = await signIn(t)
  for (const name of ['Grace', 'Alan', 'Barbara']) {
    await runFromPage(runner, 'hello')
    await runner.getByLabel('Your name').fill(name)
    await submit(runner).click()
    await runner.getByLabel('How many times?').waitFor()
    await submit(runner).click()
    await waitForStatus(runner, 'Completed')
  }
  await runFromPage(runner, 'hello')
  await runner.getByLabel('Your name').waitFor()
  await runner.getByRole('button', { name: 'Cancel transaction' }).click()
  await waitForStatus(runner, 'Canceled')

  const { page, errors } = await signIn(t, { path: '/history' })
  await page.getByTestId('history-row').first().waitFor()
  await page.getByRole('combobox', { name: 'Action' }).selectOption('hello')
  await page.getByRole('combobox', { name: 'Status' }).selectOption('completed')
  await eventually(async () => {
    const texts = await page.getByTestId('history-row').allInnerTexts()
    assert.ok(texts.length >= 3, texts.join('|'))
    for (const x of texts) assert.match(x, /Hello\s+Completed/)
  })
  assert.match(page.url(), /status=completed/)
  await page.getByRole('searchbox', { name: 'Search History' }).fill('barbara')
  await eventually(async () => assert.equal(await page.getByTestId('history-row').count(), 1))
  await page.reload()
  await eventually(async () => assert.equal(await page.getByTestId('history-row').count(), 1))
  assert.equal(await page.getByRole('searchbox', { name: 'Search History' }).inputValue(), 'barbara')
  assert.equal(await page.getByRole('combobox', { name: 'Status' }).inputValue(), 'completed')
  await page.getByRole('combobox', { name: 'Status' }).selectOption('canceled')
  await page.getByRole('searchbox', { name: 'Search History' }).fill('')
  await eventually(async () => assert.ok((await page.getByTestId('history-row').allInnerTexts()).every((x) => /Canceled/.test(x))))
  // Paging: two at a time.
  await page.goto(`${t.server.origin}/history?limit=2`)
  await eventually(async () => assert.equal(await page.getByTestId('history-row').count(), 2))
  assert.match(await page.getByTestId('history-count').innerText(), /^2 of \d+ runs$/)
  await page.getByRole('button', { name: 'Show more' }).click()
  await eventually(async () => assert.equal(await page.getByTestId('history-row').count(), 4))
  await shot(page, 'history-paged')
  assert.deepEqual(errors, [])
})

test('history: a run started elsewhere appears, and its status changes, without a reload (pushed)', async (t) => {
  const { page } = await signIn(t, { path: '/history' })
  await page.getByRole('heading', { name: 'History' }).waitFor()
  await page.waitForLoadState('networkidle').catch(() => {})
  const { page: other } = await signIn(t)
  const id = await runFromPage(other, 'hello')
  const row = page.locator(`[data-testid="history-row"][data-id="${id}"]`)
  await eventually(async () => assert.match(await row.innerText(), /Hello\s+Waiting for input/), 10_000)
  await other.getByRole('button', { name: 'Cancel transaction' }).click()
  await eventually(async () => assert.match(await row.innerText(), /Hello\s+Canceled/), 10_000)
})

test('history detail: Export JSON and CSV download the entry; Re-run starts the same action with the same params and opens it', async (t) => {
  const { page } = await signIn(t)
  const first = await runFromPage(page, 'hello', { source: 'browser-test' })
  await page.getByLabel('Your name').fill('Ada')
  await submit(page).click()
  await page.getByLabel('How many times?').waitFor()
  await submit(page).click()
  await waitForStatus(page, 'Completed')
  await page.goto(`${t.server.origin}/history/${first}`)
  // Export downloads the entry from the page itself: JSON as History has it, CSV as VS Code writes it.
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()])
  const exported = JSON.parse(readFileSync(await json.path(), 'utf8'))
  assert.equal(exported.id, first)
  assert.deepEqual(exported.params, { source: 'browser-test' })
  assert.match(json.suggestedFilename(), new RegExp(`^hello-${first}\\.json$`))
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()])
  const [header, line] = readFileSync(await csv.path(), 'utf8').trim().split('\r\n')
  assert.equal(header, 'id,action,status,user,email,startedAt,endedAt,durationMs,params,result,error')
  assert.match(line, new RegExp(`^${first},Hello,completed,`))
  await page.getByTestId('rerun').click()
  await page.waitForURL((u) => /\/tx\/[a-z0-9-]+$/.test(u.pathname) && !u.pathname.endsWith(first))
  await page.getByLabel('Your name').waitFor()
  const again = new URL(page.url()).pathname.split('/').pop()
  const entry = (await t.server.api(`/api/history/${again}`)).body.entry
  assert.deepEqual(entry.params, { source: 'browser-test' })
})

test('ctx.redirect to another action: the page follows it, replacing the transaction page', async (t) => {
  const { page } = await signIn(t)
  await page.getByRole('button', { name: 'Welcome a customer' }).click()
  await page.waitForURL(/\/tx\/[a-z0-9-]+$/)
  const first = new URL(page.url()).pathname
  await page.getByLabel('Customer name').fill('Lin')
  await submit(page).click()
  await page.waitForURL((u) => u.pathname !== first && u.pathname.startsWith('/tx/'), { timeout: 15_000 })
  await waitForStatus(page, 'Completed')
  assert.match(await textOf(page.locator('mi-app')), /Hello, Lin!/)
  // Back goes to the dashboard: the redirected page was replaced, not stacked.
  await page.goBack()
  await page.getByRole('heading', { name: 'Actions', exact: true }).waitFor()
  const ended = await t.server.api(`/api/history/${first.split('/').pop()}`)
  assert.equal(ended.body.entry.status, 'redirected')
})

// ---------------------------------------------------------------------------
// Reload and restart

test('reload mid-transaction: the same URL brings back the prompt and the typed draft', async (t) => {
  const { page } = await signIn(t)
  const id = await runFromPage(page, 'resumable/refund-order', { outbox: join(t.dir, 'outbox-reload.log') })
  await page.getByLabel('Order number').fill('ord_42')
  await submit(page).click()
  const amount = page.getByLabel('Amount to refund')
  await amount.fill('12')
  await new Promise((r) => setTimeout(r, 600)) // the draft is sent after a short pause
  await page.reload()
  await eventually(async () => assert.equal(await page.getByLabel('Amount to refund').inputValue(), '12'), 10_000)
  assert.equal(new URL(page.url()).pathname, `/tx/${id}`)
  await waitForStatus(page, 'Waiting for input')
  // The host kept the draft too: another tab (no sessionStorage) starts from it.
  const other = await page.context().newPage()
  await other.goto(`${t.server.origin}/tx/${id}`)
  await eventually(async () => assert.equal(await other.getByLabel('Amount to refund').inputValue(), '12'), 10_000)
  await other.close()
  await submit(page).click()
  await page.getByLabel('Note to the customer').fill('Sorry!')
  await submit(page).click()
  await waitForStatus(page, 'Completed')
  // A reload of a finished transaction shows how it ended.
  await page.reload()
  await waitForStatus(page, 'Completed')
  assert.match(await textOf(page.locator('mi-app')), /re_ord_42_12/)
})

test('serve restarted mid-transaction (SIGKILL): the page says it is reconnecting, comes back at the same prompt and finishes; nothing ran twice', async (t) => {
  const outbox = join(t.dir, 'outbox-restart.log')
  const { page, errors } = await signIn(t)
  const id = await runFromPage(page, 'resumable/refund-order', { outbox })
  await page.getByLabel('Order number').fill('ord_7')
  await submit(page).click()
  await page.getByLabel('Amount to refund').fill('30')
  await submit(page).click()
  await page.getByLabel('Note to the customer').waitFor()
  await page.getByLabel('Note to the customer').fill('typed before the crash')
  await new Promise((r) => setTimeout(r, 600))
  await t.server.kill('SIGKILL')
  await page.getByTestId('reconnecting').waitFor({ timeout: 10_000 })
  await shot(page, 'reconnecting')
  const restarted = Date.now()
  const starting = t.server.start()
  // As a person would: answer as soon as the page is back, which may be before serve
  // has resumed the run (it listens before it has indexed the folder).
  await page.getByTestId('reconnecting').waitFor({ state: 'detached', timeout: 30_000 })
  const back = Date.now()
  assert.equal(new URL(page.url()).pathname, `/tx/${id}`)
  await waitForStatus(page, 'Waiting for input', 30_000)
  assert.equal(await page.getByLabel('Note to the customer').inputValue(), 'typed before the crash')
  await submit(page).click()
  await waitForStatus(page, 'Completed', 40_000)
  await starting
  t.note(`serve restarted: page back after ${back - restarted} ms, run completed after ${Date.now() - restarted} ms`)
  assert.equal(await page.getByTestId('notice').count(), 0, 'no refusal was shown')
  const lines = readFileSync(outbox, 'utf8').trim().split('\n')
  assert.deepEqual(lines, ['refund ord_7 30', 'email ord_7 typed before the crash'])
  // The page is usable: the stream is live again (a second run is pushed to History).
  await page.getByRole('link', { name: 'History' }).click()
  await page.locator(`[data-testid="history-row"][data-id="${id}"]`).waitFor()
  assert.deepEqual(errors.filter((e) => !/Failed to load resource|ERR_CONNECTION_REFUSED|EventSource/.test(e)), [])
})

// ---------------------------------------------------------------------------
// Workflows, themes, every screen

test('workflow: the input form, then the live graph, to completed', async (t) => {
  const { page, errors } = await signIn(t)
  await page.getByRole('button', { name: 'Order processing', exact: true }).click()
  await page.waitForURL(/\/tx\/[a-z0-9-]+$/)
  const order = page.getByLabel('Order', { exact: true })
  await order.waitFor()
  assert.equal(await order.inputValue(), 'ord_1001')
  await submit(page).click()
  await page.getByTestId('workflow-graph').waitFor()
  assert.equal(await page.getByTestId('wf-node').count(), 4)
  await shot(page, 'workflow-running')
  await waitForStatus(page, 'Completed', 60_000)
  const summary = await page.getByTestId('wf-summary').textContent()
  assert.match(summary, /4 steps · 4 completed/)
  assert.deepEqual(errors, [])
})

test('workflow with a human step: Open on its node goes to the approval\'s own transaction; answered there, the workflow completes', async (t) => {
  const { page, errors } = await signIn(t)
  await page.getByRole('button', { name: 'Refund with approval', exact: true }).click()
  await page.waitForURL(/\/tx\/[a-z0-9-]+$/)
  const workflowPath = new URL(page.url()).pathname
  const open = page.getByRole('button', { name: 'Open the transaction of step approve' })
  await open.waitFor({ timeout: 20_000 })
  await shot(page, 'workflow-human-step')
  await open.click()
  await page.waitForURL((u) => u.pathname !== workflowPath && u.pathname.startsWith('/tx/'))
  await page.getByLabel('Reason for the refund').fill('Damaged in transit')
  await submit(page).click()
  await waitForStatus(page, 'Completed')
  await page.goBack()
  assert.equal(new URL(page.url()).pathname, workflowPath)
  await waitForStatus(page, 'Completed', 30_000)
  assert.match(await page.getByTestId('wf-summary').textContent(), /3 steps · 3 completed/)
  // The graph names the approval before serve can stream it: the page's first tries may get a 404 and try again.
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), [])
})

test('themes: light and dark follow the browser, toolkit controls included; screenshots of every screen', async (t) => {
  const want = { light: ['rgb(255, 255, 255)', 'rgb(0, 95, 184)'], dark: ['rgb(31, 31, 31)', 'rgb(0, 120, 212)'] }
  // A finished run and a waiting one to look at.
  const { page: setup } = await signIn(t)
  const done = await runFromPage(setup, 'hello')
  await setup.getByLabel('Your name').fill('Ada')
  await submit(setup).click()
  await setup.getByLabel('How many times?').fill('2')
  await submit(setup).click()
  await waitForStatus(setup, 'Completed')
  const waiting = await runFromPage(setup, 'billing/refund')
  await setup.getByLabel('Customer email').waitFor()
  for (const scheme of ['light', 'dark']) {
    const { page, errors } = await signIn(t, { colorScheme: scheme })
    await page.getByRole('button', { name: 'Refund customer', exact: true }).waitFor()
    await shot(page, `${scheme}-dashboard`)
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), want[scheme][0])
    assert.equal(await page.evaluate(() => document.body.className), `vscode-${scheme}`)
    await page.goto(`${t.server.origin}/tx/${waiting}`)
    await page.getByLabel('Customer email').waitFor()
    // The toolkit's button reads its colour from the --vscode-* variables through its design tokens.
    const bg = await page.locator('vscode-button', { hasText: 'Submit' }).evaluate((b) => getComputedStyle(b).backgroundColor)
    assert.equal(bg, want[scheme][1])
    await shot(page, `${scheme}-transaction`)
    await page.goto(`${t.server.origin}/history`)
    await page.getByTestId('history-row').first().waitFor()
    await shot(page, `${scheme}-history`)
    await page.goto(`${t.server.origin}/history/${done}`)
    await page.getByTestId('step').first().waitFor()
    await shot(page, `${scheme}-history-detail`)
    assert.equal((await page.goto(`${t.server.origin}/nowhere/at/all`)).status(), 404)
    await page.goto(`${t.server.origin}/tx/no-such-transaction`)
    await page.getByRole('heading', { name: 'Transaction not available' }).waitFor()
    assert.deepEqual(await cspViolations(page), [])
    assert.deepEqual(errors.filter((e) => !/404/.test(e)), [])
  }
  // The scheme changing while the page is open re-themes it, the toolkit too.
  const { page } = await signIn(t, { colorScheme: 'light', path: `/tx/${waiting}` })
  await page.getByLabel('Customer email').waitFor()
  await page.emulateMedia({ colorScheme: 'dark' })
  await eventually(async () => assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), want.dark[0]))
  await eventually(async () => assert.equal(await page.locator('vscode-button', { hasText: 'Submit' }).evaluate((b) => getComputedStyle(b).backgroundColor), want.dark[1]))
})

// ---------------------------------------------------------------------------
// People: a second serve whose people are added with `mini-interval users` while it runs

const PAY = "export default { name: 'Pay supplier', access: { teams: ['finance'] }, handler: async (io) => 'paid ' + (await io.input.text('Amount')) }\n"

/** `mini-interval users …` on a data folder; its stdout. */
function users(data, ...args) {
  const r = spawnSync(process.execPath, [join(root, 'dist/mini-interval.js'), 'users', ...args, '--data', data], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout
}
const linkIn = (out) => /(http:\S+\/signin\?link=\S+)/.exec(out)[1]

/** A second server (bootstrap closes once it has an admin, so not the shared one), started once. */
async function peopleServer(t) {
  if (!t.shared.people) {
    const f = exampleFolder({ 'finance/pay.action.ts': PAY })
    const s = serve({ folder: f.folder, data: f.data, port: await freePort() })
    await s.start()
    t.shared.people = { ...f, server: s }
    t.shared.stops.push(async () => { await s.kill('SIGTERM'); rmSync(f.dir, { recursive: true, force: true }) })
  }
  return t.shared.people
}

/** A browser context signed in by a personal link: the link's page, then its Sign in button. */
async function signInByLink(t, link, { colorScheme = 'light', shotName } = {}) {
  const context = await t.browser.newContext({ colorScheme, viewport: { width: 1100, height: 800 } })
  t.cleanup.push(() => context.close())
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(link)
  await page.getByRole('heading', { name: 'Sign in' }).waitFor()
  if (shotName) await shot(page, shotName)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((u) => u.pathname === '/')
  return { context, page, errors }
}

test('people: a link signs in once; a member does not see a restricted action and a forged start is refused; sign-out', async (t) => {
  const p = await peopleServer(t)
  users(p.data, 'add', 'ada@x.io', '--role', 'admin', '--name', 'Ada Admin')
  const memberLink = linkIn(users(p.data, 'add', 'mo@x.io', '--role', 'member', '--teams', 'ops', '--name', 'Mo Member'))
  // The shared token stopped working the moment the admin was added (serve re-read the file).
  assert.equal((await p.server.api('/api/actions')).status, 401)
  const { context, page, errors } = await signInByLink(t, memberLink, { shotName: 'light-signin' })
  await page.getByRole('button', { name: 'Hello', exact: true }).waitFor()
  assert.equal(await page.getByText('Pay supplier').count(), 0, 'the restricted action is not listed')
  assert.match(await page.getByTestId('who').textContent(), /Mo Member\s*member/)
  assert.equal(await page.getByRole('link', { name: 'People' }).count(), 0, 'People is for admins')
  const cookie = (await context.cookies()).find((c) => c.name === 'mi_session')
  assert.ok(cookie && cookie.httpOnly && cookie.sameSite === 'Strict', JSON.stringify(cookie))
  const forged = await page.evaluate(async () => (await fetch('/api/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ slug: 'finance/pay' }) })).status)
  assert.equal(forged, 403)
  // The same link again: used.
  const again = await t.browser.newContext()
  t.cleanup.push(() => again.close())
  const second = await again.newPage()
  await second.goto(memberLink)
  await second.getByRole('button', { name: 'Sign in' }).click()
  await second.getByRole('heading', { name: 'This link does not work' }).waitFor()
  // Sign out: the session ends, and the page asks for a link again.
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.getByRole('heading', { name: 'Signed out' }).waitFor()
  await page.goto(`${p.server.origin}/`)
  assert.equal(new URL(page.url()).pathname, '/signin')
  assert.deepEqual(errors, [])
})

test('people: an admin adds a person on the People page; their link signs in and they see their team\'s action; History says who answered', async (t) => {
  const p = await peopleServer(t)
  for (const scheme of ['light', 'dark']) {
    const { page, errors } = await signInByLink(t, linkIn(users(p.data, 'link', 'ada@x.io')), { colorScheme: scheme, shotName: `${scheme}-signin-form` })
    await page.getByRole('link', { name: 'People' }).click()
    await page.getByRole('heading', { name: 'People' }).waitFor()
    await page.getByTestId('person').first().waitFor()
    if (scheme === 'dark') {
      await shot(page, 'dark-people')
      assert.deepEqual(errors, [])
      continue
    }
    const form = page.getByRole('form', { name: 'Add a person' })
    await form.getByLabel('Email').fill('fi@x.io')
    await form.getByLabel('Name').fill('Fi Nance')
    await form.getByLabel('Role').selectOption('member')
    await form.getByLabel('Teams').fill('finance')
    await form.getByRole('button', { name: 'Add person' }).click()
    const box = page.getByTestId('new-link')
    await box.waitFor()
    const link = (await box.locator('code').textContent()).trim()
    await page.locator('tr[data-email="fi@x.io"]').waitFor()
    await shot(page, 'light-people')
    assert.match(users(p.data, 'list'), /fi@x\.io\tmember\tfinance\tFi Nance/)
    // The new person signs in with it, sees the finance action, runs it and answers.
    const fi = await signInByLink(t, link)
    await fi.page.getByRole('button', { name: 'Pay supplier', exact: true }).click()
    await fi.page.getByLabel('Amount').fill('12')
    await submit(fi.page).click()
    await waitForStatus(fi.page, 'Completed')
    const id = new URL(fi.page.url()).pathname.split('/').pop()
    // The admin's History: filtered by person, and the detail says who answered and has no Delete.
    await page.goto(`${p.server.origin}/history?user=fi@x.io`)
    await page.locator(`tr[data-id="${id}"]`).waitFor()
    assert.equal(await page.getByTestId('history-row').count(), 1)
    await page.goto(`${p.server.origin}/history/${id}`)
    await page.getByTestId('answered-by').waitFor()
    assert.match(await page.getByTestId('answered-by').textContent(), /answered by Fi Nance <fi@x\.io> at /)
    assert.equal(await page.getByTestId('delete').count(), 0, 'no Delete: History is an audit trail')
    assert.deepEqual(errors, [])
    // Removed on the command line: their next request is refused.
    users(p.data, 'remove', 'fi@x.io')
    await fi.page.reload()
    assert.equal(new URL(fi.page.url()).pathname, '/signin')
  }
})

// ---------------------------------------------------------------------------
// Schedules and notifications

test('schedules: an admin adds one on the Schedules page (a bad cron is said inline) and sees it with its next run; a member gets no add form', async (t) => {
  const p = await peopleServer(t)
  users(p.data, 'add', 'sa@x.io', '--role', 'admin', '--name', 'Sam Admin')
  const memberLink = linkIn(users(p.data, 'add', 'sm@x.io', '--role', 'member', '--teams', 'ops', '--name', 'Sue Member'))
  const { page, errors } = await signInByLink(t, linkIn(users(p.data, 'link', 'sa@x.io')))
  await page.getByRole('link', { name: 'Schedules' }).click()
  await page.getByRole('heading', { name: 'Schedules' }).waitFor()
  const form = page.getByRole('form', { name: 'Add a schedule' })
  await form.getByLabel('Action').selectOption({ label: 'Hello' })
  await form.getByLabel('Cron').fill('61 * * * *')
  await eventually(async () => assert.match(await page.getByTestId('cron-help').textContent(), /minute.*61|61.*minute/i))
  assert.equal(await form.getByLabel('Cron').getAttribute('aria-invalid'), 'true')
  await form.getByLabel('Cron').fill('0 9 * * 1')
  await eventually(async () => assert.match(await page.getByTestId('cron-help').textContent(), /^Next: /))
  await form.getByLabel('Time zone').fill('Europe/Berlin')
  await form.getByRole('button', { name: 'Add schedule' }).click()
  const row = page.locator('tr[data-testid="schedule"][data-slug="hello"]')
  await row.waitFor()
  assert.match(await row.textContent(), /0 9 \* \* 1/)
  assert.match(await row.textContent(), /Europe\/Berlin/)
  assert.match(await row.getByTestId('next').textContent(), /\d{4}-\d{2}-\d{2} \d{2}:00 UTC/)
  assert.match(await row.textContent(), /sa@x\.io/)
  // The form is ready for another: the time zone kept, the cron cleared.
  assert.equal(await form.getByLabel('Time zone').inputValue(), 'Europe/Berlin')
  assert.equal(await form.getByLabel('Cron').inputValue(), '')
  await shot(page, 'light-schedules')
  const dark = await signInByLink(t, linkIn(users(p.data, 'link', 'sa@x.io')), { colorScheme: 'dark' })
  await dark.page.goto(`${p.server.origin}/schedules`)
  await dark.page.locator('tr[data-testid="schedule"][data-slug="hello"]').waitFor()
  await dark.page.getByRole('form', { name: 'Add a schedule' }).getByLabel('Cron').fill('0 25 * * *')
  await eventually(async () => assert.match(await dark.page.getByTestId('cron-help').textContent(), /hour/i))
  await shot(dark.page, 'dark-schedules')
  // A member sees the schedule of an action they may run, and no form and no Remove.
  const member = await signInByLink(t, memberLink)
  await member.page.getByRole('link', { name: 'Schedules' }).click()
  await member.page.locator('tr[data-testid="schedule"][data-slug="hello"]').waitFor()
  assert.equal(await member.page.getByRole('form', { name: 'Add a schedule' }).count(), 0)
  assert.equal(await member.page.getByRole('button', { name: 'Remove' }).count(), 0)
  // The admin removes it.
  page.once('dialog', (d) => void d.accept())
  await row.getByRole('button', { name: 'Remove' }).click()
  await row.waitFor({ state: 'detached' })
  // The member's page follows (pushed).
  await member.page.locator('tr[data-testid="schedule"][data-slug="hello"]').waitFor({ state: 'detached' })
  assert.deepEqual([...errors, ...dark.errors, ...member.errors], [])
})

test('notifications: ctx.notify shows a toast to its run\'s user; the browser\'s notifications are asked for only from a button', async (t) => {
  writeFileSync(join(t.folder, 'notify-me.action.ts'), "export default { name: 'Notify me', handler: async (io, ctx) => { await ctx.notify({ title: 'Reports', message: 'The <weekly> report is ready' }); return 'ok' } }\n")
  t.cleanup.push(() => rmSync(join(t.folder, 'notify-me.action.ts'), { force: true }))
  const { page, errors } = await signIn(t)
  await page.getByRole('button', { name: 'Notify me', exact: true }).waitFor({ timeout: 20_000 })
  // Nothing asked on load: the permission stays undecided until the button.
  assert.equal(await page.evaluate(() => Notification.permission), 'default')
  await page.getByTestId('allow-notifications').waitFor()
  await page.getByRole('button', { name: 'Notify me', exact: true }).click()
  const toast = page.getByTestId('toast')
  await toast.waitFor()
  assert.match(await toast.textContent(), /Reports/)
  assert.match(await toast.textContent(), /The <weekly> report is ready/)
  await shot(page, 'light-notification')
  await toast.getByRole('button', { name: 'Dismiss' }).click()
  await toast.waitFor({ state: 'detached' })
  assert.deepEqual(errors, [])
})

// ---------------------------------------------------------------------------
// Inbox: queued actions, on a serve of its own (its people added with `mini-interval users`)

const APPROVE = "export default { name: 'Approve payout', handler: async (io, ctx) => ({ by: ctx.user.email, decision: await io.input.text('Decision') }) }\n"
const GREET = "export default { name: 'Greet', handler: async (io, ctx) => `${ctx.params.greeting ?? 'Hello'}, ${await io.input.text('Your name')}` }\n"
const APPROVAL_FLOW = JSON.stringify({
  name: 'Payout approval',
  steps: [
    { id: 'prepare', type: 'task', config: { duration_seconds: 0 }, depends_on: [] },
    { id: 'approve', type: 'task', config: { action: 'approvals/approve', team: 'ops', duration_seconds: 0 }, depends_on: ['prepare'] },
    { id: 'pay', type: 'task', config: { duration_seconds: 0 }, depends_on: ['approve'] },
  ],
}, null, 1)

async function inboxServer(t) {
  if (!t.shared.inbox) {
    const f = exampleFolder({ 'inbox/greet.action.ts': GREET, 'approvals/approve.action.ts': APPROVE, 'approvals/approval.workflow.json': APPROVAL_FLOW })
    const s = serve({ folder: f.folder, data: f.data, port: await freePort() })
    await s.start()
    users(f.data, 'add', 'ada@x.io', '--role', 'admin', '--name', 'Ada Admin')
    users(f.data, 'add', 'mo@x.io', '--role', 'member', '--teams', 'ops', '--name', 'Mo Member')
    users(f.data, 'add', 'sam@x.io', '--role', 'member', '--teams', 'ops', '--name', 'Sam Ops')
    users(f.data, 'add', 'fi@x.io', '--role', 'member', '--teams', 'finance', '--name', 'Fi Nance')
    t.shared.inbox = { ...f, server: s, link: (email) => linkIn(users(f.data, 'link', email)) }
    t.shared.stops.push(async () => { await s.kill('SIGTERM'); rmSync(f.dir, { recursive: true, force: true }) })
  }
  return t.shared.inbox
}

const inboxCount = (page) => page.getByTestId('inbox-count')
/** The page's own API call (its session cookie, its origin). */
const fromPage = (page, path, body, method = body === undefined ? 'GET' : 'POST') =>
  page.evaluate(async ({ path, body, method }) => {
    const res = await fetch(path, { method, ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) })
    const text = await res.text()
    return { status: res.status, body: text ? JSON.parse(text) : undefined }
  }, { path, body, method })

test('inbox: an action queued for a person shows in their inbox, and they run it', async (t) => {
  const p = await inboxServer(t)
  // Ada runs Greet, then queues it for Mo from the run's History page, with its params.
  const ada = await signInByLink(t, p.link('ada@x.io'))
  const ran = await runFromPage(ada.page, 'inbox/greet', { greeting: 'Hi' })
  await ada.page.getByLabel('Your name').fill('Ada')
  await submit(ada.page).click()
  await waitForStatus(ada.page, 'Completed')
  await ada.page.goto(`${p.server.origin}/history/${ran}`)
  await ada.page.getByTestId('queue-for').click()
  const form = ada.page.getByRole('form', { name: 'Queue for a person or a team' })
  await form.getByLabel('Email').fill('mo@x.io')
  await form.getByLabel('Title (optional)').fill('Say hello to the team')
  await shot(ada.page, 'light-queue-for')
  await form.getByRole('button', { name: 'Queue', exact: true }).click()
  await ada.page.getByTestId('queued').waitFor()
  assert.match(await ada.page.getByTestId('queued').textContent(), /Queued for mo@x\.io/)
  // The same form in dark.
  const adaDark = await signInByLink(t, p.link('ada@x.io'), { colorScheme: 'dark' })
  await adaDark.page.goto(`${p.server.origin}/history/${ran}`)
  await adaDark.page.getByTestId('queue-for').click()
  await adaDark.page.getByRole('form', { name: 'Queue for a person or a team' }).getByLabel('a team').check()
  await shot(adaDark.page, 'dark-queue-for')
  await adaDark.context.close()

  // Mo signs in: the badge counts it, the Inbox lists it (what, from whom, its params).
  const mo = await signInByLink(t, p.link('mo@x.io'))
  await eventually(async () => assert.equal((await inboxCount(mo.page).textContent()).trim(), '1'))
  await mo.page.getByTestId('nav-inbox').click()
  await mo.page.getByRole('heading', { name: 'Inbox' }).waitFor()
  const row = mo.page.getByTestId('inbox-item')
  await row.waitFor()
  const text = await row.textContent()
  assert.match(text, /Say hello to the team/)
  assert.match(text, /ada@x\.io/)
  assert.match(text, /greeting: Hi/)
  await shot(mo.page, 'light-inbox')
  // Live: another item queued for Mo shows without a reload, and the badge follows.
  const second = await fromPage(ada.page, '/api/queue', { slug: 'inbox/greet', assignee: 'mo@x.io' })
  assert.equal(second.status, 200)
  await eventually(async () => assert.equal(await mo.page.getByTestId('inbox-item').count(), 2))
  await eventually(async () => assert.equal((await inboxCount(mo.page).textContent()).trim(), '2'))
  // Ada sees what she queued under "You queued" on her own Inbox, and withdraws the second one there.
  await ada.page.goto(`${p.server.origin}/inbox`)
  await ada.page.locator(`tr[data-testid="sent-item"][data-id="${second.body.item.id}"]`).waitFor()
  ada.page.once('dialog', (d) => d.accept())
  await ada.page.locator(`tr[data-id="${second.body.item.id}"]`).getByRole('button', { name: 'Withdraw' }).click()
  await eventually(async () => assert.equal(await mo.page.getByTestId('inbox-item').count(), 1))
  await eventually(async () => assert.equal((await inboxCount(mo.page).textContent()).trim(), '1'))
  assert.equal(await mo.page.getByRole('button', { name: 'Withdraw' }).count(), 0, 'only who queued it withdraws it')

  // Open runs it as Mo, with the params it was queued with; answered, it completes and leaves the Inbox.
  await mo.page.getByTestId('inbox-item').getByRole('button', { name: 'Open' }).click()
  await mo.page.waitForURL((u) => u.pathname.startsWith('/tx/'))
  await mo.page.getByLabel('Your name').fill('Mo')
  await submit(mo.page).click()
  await waitForStatus(mo.page, 'Completed')
  const runId = new URL(mo.page.url()).pathname.split('/').pop()
  const detail = await fromPage(mo.page, `/api/history/${runId}`)
  assert.equal(detail.body.entry.user.email, 'mo@x.io')
  assert.deepEqual(detail.body.entry.params, { greeting: 'Hi' })
  assert.equal(detail.body.entry.result, 'Hi, Mo')
  await eventually(async () => assert.equal(await inboxCount(mo.page).count(), 0), 10_000)
  // History marks the run as opened from an Inbox.
  await mo.page.getByRole('link', { name: 'History' }).click()
  await mo.page.locator(`tr[data-id="${runId}"]`).getByTestId('inbox-tag').waitFor()
  await mo.page.getByTestId('nav-inbox').click()
  await mo.page.getByTestId('inbox-empty').waitFor()
  // Opening it again: it is done.
  assert.equal((await fromPage(mo.page, `/api/queue/${second.body.item.id}/open`, {})).status, 409)
  assert.deepEqual([...ada.errors, ...mo.errors], [])
})

test('inbox: a workflow\'s human step assigned to a team waits, and continues when one of them answers', async (t) => {
  const p = await inboxServer(t)
  const ada = await signInByLink(t, p.link('ada@x.io'))
  const wf = await runFromPage(ada.page, 'approvals/approval')
  const child = `${wf}-s1-1`
  // Sam (ops) gets it in their Inbox; Fi (finance) does not.
  const sam = await signInByLink(t, p.link('sam@x.io'))
  await eventually(async () => assert.equal((await inboxCount(sam.page).textContent()).trim(), '1'), 20_000)
  const fi = await signInByLink(t, p.link('fi@x.io'))
  await fi.page.getByTestId('nav-inbox').click()
  await fi.page.getByTestId('inbox-empty').waitFor()
  assert.equal(await inboxCount(fi.page).count(), 0)
  assert.equal((await fromPage(fi.page, `/api/queue/${child}/open`, {})).status, 403, 'not for finance')
  // It waits: the workflow is still going, its step's run not started. Open on the step's node says where it waits.
  await new Promise((r) => setTimeout(r, 1500))
  assert.equal((await fromPage(ada.page, `/api/history/${child}`)).status, 404)
  assert.equal((await fromPage(ada.page, `/api/history/${wf}`)).body.type, 'history')
  await ada.page.getByRole('button', { name: 'Open the transaction of step approve' }).click()
  await ada.page.waitForURL((u) => u.pathname === `/tx/${child}`)
  await ada.page.getByTestId('queued-run').waitFor({ timeout: 20_000 })
  assert.match(await ada.page.getByTestId('queued-run').textContent(), /Not started yet: it waits in the Inboxes of team ops, queued by ada@x\.io/)
  assert.equal(await ada.page.getByRole('button', { name: 'Open it' }).count(), 0, 'Ada is not in ops')
  await shot(ada.page, 'light-queued-run')
  await sam.page.getByTestId('nav-inbox').click()
  const row = sam.page.locator(`tr[data-id="${child}"]`)
  await row.waitFor()
  assert.match(await row.textContent(), /Payout approval: approve/)
  assert.match(await row.textContent(), /for team ops/)
  await shot(sam.page, 'dark-inbox-before')
  await sam.context.close()
  // Seen in dark too, then Sam opens and answers it.
  const samDark = await signInByLink(t, p.link('sam@x.io'), { colorScheme: 'dark' })
  await samDark.page.getByTestId('nav-inbox').click()
  await samDark.page.locator(`tr[data-id="${child}"]`).waitFor()
  await shot(samDark.page, 'dark-inbox')
  // The step's own page (where the workflow's graph leads) says where it waits, and lets Sam open it there.
  await samDark.page.goto(`${p.server.origin}/tx/${child}`)
  await samDark.page.getByTestId('queued-run').waitFor({ timeout: 20_000 })
  await shot(samDark.page, 'dark-queued-run')
  await samDark.page.getByRole('button', { name: 'Open it' }).click()
  await samDark.page.getByLabel('Decision').fill('approved')
  await submit(samDark.page).click()
  await waitForStatus(samDark.page, 'Completed')
  // The DAG goes on with the step's result and completes.
  await eventually(async () => {
    const r = await fromPage(ada.page, `/api/history/${wf}`)
    assert.equal(r.body.entry.status, 'completed')
    assert.deepEqual(r.body.entry.result.approve, { by: 'sam@x.io', decision: 'approved' })
  }, 20_000)
  // Ada's page on the step's run, left waiting, shows it once it was opened, and its end.
  await waitForStatus(ada.page, 'Completed')
  await ada.page.goto(`${p.server.origin}/tx/${wf}`)
  await waitForStatus(ada.page, 'Completed')
  // Mo, also in ops, no longer has it.
  const mo = await signInByLink(t, p.link('mo@x.io'))
  await mo.page.getByTestId('nav-inbox').click()
  await mo.page.getByRole('heading', { name: 'Inbox' }).waitFor()
  assert.equal(await mo.page.locator(`tr[data-id="${child}"]`).count(), 0)
  assert.deepEqual([...ada.errors, ...fi.errors, ...samDark.errors, ...mo.errors], [])
})

// ---------------------------------------------------------------------------

const { dir, folder, data } = exampleFolder({ [BROKEN]: BROKEN_TEXT })
const port = await freePort()
const server = serve({ folder, data, port })
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] })
let passed = 0
let failed = 0
/** What tests share and the runner stops at the end (the people tests' own serve). */
const shared = { stops: [] }
try {
  await server.start()
  for (const { name, fn } of tests) {
    if (filter && !name.includes(filter)) continue
    const notes = []
    const t = { browser, server, folder, dir, shared, cleanup: [], note: (n) => notes.push(n) }
    const started = Date.now()
    try {
      await fn(t)
      passed++
      console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${notes.map((n) => `\n      ${n}`).join('')}`)
    } catch (e) {
      failed++
      console.log(`  ✗ ${name}\n      ${(e.stack ?? String(e)).split('\n').slice(0, 6).join('\n      ')}`)
    } finally {
      for (const c of t.cleanup.reverse()) await Promise.resolve().then(c).catch(() => {})
    }
  }
} finally {
  await browser.close()
  await server.kill('SIGTERM')
  for (const stop of shared.stops) await stop().catch(() => {})
  if (failed && existsSync(dir)) console.log(`  (serve's folder and data kept in ${dir})`)
  else rmSync(dir, { recursive: true, force: true })
}
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
