// io.display.* in the feed: what a person sees and can do with each.
import assert from 'node:assert/strict'
import { PNG_DATA_URL, c, display as d, state } from './fixtures.mjs'
import { eventually, textOf } from './util.mjs'

const ERROR_RED = 'rgb(248, 81, 73)' // --vscode-errorForeground of the dark test theme
const opened = async (w) => (await w.posted()).filter((m) => m.type === 'open')

/** Every display method once, as an action would stack them up. */
export const everyDisplay = () => [
  d.heading('Customer ada@example.com', {
    description: 'Three charges in the last 30 days.',
    menuItems: [
      { label: 'Refund', route: 'refund_user', params: { id: 'cus_1' } },
      { label: 'Open in Stripe', url: 'https://dashboard.stripe.com/customers/cus_1', theme: 'secondary' },
      { label: 'Delete', route: 'delete_user', theme: 'danger' },
      { label: 'Archive', route: 'archive', disabled: true },
    ],
  }),
  d.metadata('Account', [
    { label: 'Name', value: 'Ada Lovelace' },
    { label: 'Balance', value: 1234.5 },
    { label: 'Created', value: '2024-02-03T10:20:00.000Z' },
    { label: 'Verified', value: true },
    { label: 'Plan', value: 'Pro', url: 'https://example.com/plans/pro' },
    { label: 'Orders', pending: true },
    { label: 'Risk score', error: 'Risk service timed out' },
  ], 'card'),
  d.metadata('As a list', [{ label: 'Email', value: 'ada@example.com' }, { label: 'Avatar', image: { url: PNG_DATA_URL, alt: 'Avatar', size: 'thumbnail' } }, { label: 'Team', value: 'Math', route: 'team', params: { id: 7 } }], 'list'),
  d.metadata('As a grid', [{ label: 'Charges', value: 3 }, { label: 'Refunded', value: 0 }, { label: 'Disputes', value: null }], 'grid'),
  c.markdown('Some **markdown** between the displays.'),
  d.code('refund.ts', 'import { io } from "mini-interval"\n\n// Refund every charge\nexport async function refund(id: string): Promise<number> {\n  const total = await io.input.number("Amount", { min: 1 })\n  if (total > 500) return 0\n  return total * 1.5\n}', 'ts'),
  d.code('query.sql', "SELECT id, amount FROM charges WHERE customer = 'cus_1' AND amount > 10 -- big ones\nORDER BY created DESC;", 'sql'),
  d.code('script.py', 'def total(rows):\n    """Sum the amounts."""\n    return sum(r["amount"] for r in rows if r is not None)', 'python'),
  d.html('Receipt', '<h3>Receipt</h3><p>Thanks, <b>Ada</b>! See <a href="https://example.com/r/1">your receipt</a>.</p><table><thead><tr><th>Item</th><th>Price</th></tr></thead><tbody><tr><td>Pro plan</td><td>$12</td></tr></tbody></table><script>alert(1)</script>'),
  d.link('Open the customer in the dashboard', { url: 'https://example.com/customers/cus_1' }),
  d.link('Delete this customer', { route: 'delete_user', params: { id: 'cus_1' }, theme: 'danger' }),
  d.object('Charge', { id: 'ch_1', amount: 42.5, refunded: false, note: null, tags: ['vip', 'manual'],
    customer: { id: 'cus_1', email: 'ada@example.com', address: { city: 'London', zip: 'N1' } },
    description: 'A long description that has to wrap inside the tree instead of running off the side of the panel, because people read these in narrow panels.' }),
  d.image('Logo', { url: PNG_DATA_URL, alt: 'A blue square', size: 'thumbnail' }),
  d.video('Demo video', { url: 'data:video/mp4;base64,AAAAIGZ0eXBpc29t', size: 'small', loop: true, muted: true }),
]

export function register(test, shot) {
  test('display.heading: level, description, menu items post open (route, url); disabled and danger', async (w) => {
    await w.send(state({ feed: [everyDisplay()[0], d.heading('Section', { level: 4 })] }))
    const h = w.page.getByRole('heading', { name: 'Customer ada@example.com' })
    await h.waitFor()
    assert.equal(await h.evaluate((e) => e.localName), 'h2')
    assert.equal(await w.page.getByRole('heading', { name: 'Section' }).evaluate((e) => e.localName), 'h4')
    assert.match(await textOf(w.page.locator('io-display-heading').first()), /Three charges in the last 30 days\./)
    await w.page.getByRole('button', { name: 'Refund' }).click()
    assert.deepEqual(await w.waitForPosted('open'), { type: 'open', route: 'refund_user', params: { id: 'cus_1' } })
    await w.page.getByRole('button', { name: 'Open in Stripe' }).click()
    await eventually(async () => assert.deepEqual((await opened(w)).at(-1), { type: 'open', url: 'https://dashboard.stripe.com/customers/cus_1' }))
    const del = w.page.getByRole('button', { name: 'Delete' })
    assert.equal(await del.evaluate((e) => getComputedStyle(e).color), ERROR_RED)
    assert.equal(await w.page.getByRole('button', { name: 'Archive' }).isDisabled(), true)
    await w.page.getByRole('button', { name: 'Archive' }).click({ force: true })
    await del.focus()
    await w.page.keyboard.press('Enter')
    await eventually(async () => assert.deepEqual((await opened(w)).at(-1), { type: 'open', route: 'delete_user' }))
    assert.equal((await opened(w)).length, 3)
  })

  test('display.html: allowlisted markup kept; scripts, handlers, iframes, styles and javascript: links never run or appear', async (w) => {
    const source = [
      '<p>Hello <b>bold</b> <i>it</i> <code>x</code></p>',
      '<img src=x onerror="window.__pwned=1">',
      `<img src="${PNG_DATA_URL}" alt="ok image" onerror="window.__pwned=2" onload="window.__pwned=3" width="24" style="border:9px solid red">`,
      '<script>window.__pwned=4</script>',
      '<iframe src="https://example.com/frame">iframe text</iframe>',
      '<a href="javascript:window.__pwned=5">bad link</a>',
      '<a href=" JaVaScRiPt:window.__pwned=6">bad link 2</a>',
      '<a href="https://example.com/good" onclick="window.__pwned=7" target="_top">good link</a>',
      '<p style="color: red" class="x" id="y" onmouseover="window.__pwned=8">styled</p>',
      '<style>* { display: none !important }</style>',
      '<form action="https://evil.example"><input name="q" value="typed"><button>Go</button></form>',
      '<svg><script>window.__pwned=9</script><circle r="5"></circle></svg>',
      '<object data="https://example.com/x.swf">object text</object><embed src="https://example.com/e">',
      '<table><tr><td colspan="2" onclick="x">cell</td></tr></table>',
      '<details open><summary>sum</summary>inside</details>',
      '<link rel="stylesheet" href="https://example.com/x.css"><meta http-equiv="refresh" content="0;url=https://example.com">',
      '<p title=\'a>b\' onclick=x data-x="onclick=y">quoted > in a value</p><!-- <img src=x onerror=alert(1)> -->',
      '<STYLE>p{color:red}</STYLE ><ScRiPt>window.__pwned=10</sCrIpT><noscript><p>noscript text</p></noscript>',
      '<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" alt="html as image">',
      '<a href="data:text/html,<script>alert(1)</script>">data link</a><a href="vbscript:x">vb link</a><a href="/relative">relative link</a>',
    ].join('\n')
    await w.send(state({ feed: [d.html('Imported', source)] }))
    const el = w.page.locator('io-display-html')
    await el.getByText('good link').waitFor()
    await w.page.waitForTimeout(100) // let any image load/error handler run, if one had survived
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
    const inside = await el.evaluate((host) => {
      const all = [...host.shadowRoot.querySelectorAll('*')]
      return {
        tags: [...new Set(all.map((e) => e.localName))].sort(),
        attrs: [...new Set(all.flatMap((e) => [...e.attributes].map((a) => `${e.localName}[${a.name}]`)))].sort(),
        hrefs: all.filter((e) => e.hasAttribute('href')).map((e) => e.getAttribute('href')),
        imgs: all.filter((e) => e.localName === 'img').map((e) => ({ alt: e.alt, ok: e.naturalWidth > 0 })),
      }
    })
    for (const bad of ['script', 'iframe', 'style', 'form', 'input', 'button', 'svg', 'object', 'embed', 'details', 'summary']) {
      assert.ok(!inside.tags.includes(bad), `${bad} must not be in the output (got ${inside.tags})`)
    }
    for (const kept of ['p', 'b', 'i', 'code', 'a', 'img', 'table', 'td']) assert.ok(inside.tags.includes(kept), `${kept} kept`)
    assert.deepEqual(inside.attrs.filter((a) => /\[(on|style|class|id|target|action)/.test(a) && !a.startsWith('div[class')), [])
    assert.ok(inside.attrs.includes('p[title]'), 'a quoted ">" in a value does not end the tag')
    assert.deepEqual(inside.hrefs, ['https://example.com/good'])
    assert.deepEqual(inside.imgs, [{ alt: 'ok image', ok: true }])
    const text = await textOf(el)
    for (const t of ['bad link', 'bad link 2', 'iframe text', 'styled', 'cell', 'object text', 'sum', 'inside', 'quoted > in a value',
      'data link', 'vb link', 'relative link']) assert.ok(text.includes(t), t)
    assert.ok(!text.includes('color:red') && !text.includes('onerror'), 'style text and comments are not shown')
    assert.ok(!text.includes('noscript text'), 'noscript content is dropped (this view runs script)')
    assert.ok(!text.includes('__pwned'), 'script text is dropped with the script')
    assert.ok(!text.includes('display: none'), 'style text is dropped with the style')
    // A link posts `open` instead of navigating.
    const url = w.page.url()
    await el.getByRole('link', { name: 'good link' }).click()
    assert.deepEqual(await w.waitForPosted('open'), { type: 'open', url: 'https://example.com/good' })
    assert.equal(w.page.url(), url)
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
    assert.deepEqual(w.consoleErrors, [])
  })

  test('display.code: tokens highlighted per language, unknown language as plain text, Copy copies', async (w) => {
    await w.page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    const all = everyDisplay()
    const [ts, sql, py] = all.filter((x) => x.method === 'DISPLAY_CODE')
    await w.send(state({ feed: [ts, sql, py, d.code('Plain', 'just <b>text</b> here', 'klingon'), d.code('', 'x = 1')] }))
    const blocks = w.page.locator('io-display-code')
    await eventually(async () => assert.equal(await blocks.count(), 5))
    const tokens = (i, cls) => blocks.nth(i).locator(`pre .token.${cls}`).allTextContents()
    assert.ok((await tokens(0, 'keyword')).includes('const'))
    assert.ok((await tokens(0, 'keyword')).includes('async'))
    assert.ok((await tokens(0, 'string')).includes('"Amount"'))
    assert.ok((await tokens(0, 'comment')).includes('// Refund every charge'))
    assert.ok((await tokens(1, 'keyword')).map((s) => s.toUpperCase()).includes('SELECT'))
    assert.ok((await tokens(2, 'keyword')).includes('def'))
    // The code reads exactly as sent.
    assert.equal(await blocks.nth(0).locator('pre').textContent(), ts.props.code)
    // Keyword colour differs from plain text.
    const colours = await blocks.nth(0).locator('pre').evaluate((pre) => [getComputedStyle(pre).color, getComputedStyle(pre.querySelector('.token.keyword')).color])
    assert.notEqual(colours[0], colours[1])
    assert.equal(await blocks.nth(3).locator('.token').count(), 0)
    assert.equal(await blocks.nth(3).locator('pre').textContent(), 'just <b>text</b> here')
    assert.equal(await blocks.nth(3).locator('pre b').count(), 0)
    await blocks.nth(2).getByRole('button', { name: 'Copy script.py' }).click()
    await eventually(async () => assert.match(await textOf(blocks.nth(2)), /Copied/))
    assert.equal(await w.page.evaluate(() => navigator.clipboard.readText()), py.props.code)
  })

  test('display.link: a click posts open with the url or the route and params; danger is red; javascript: is not a link', async (w) => {
    const [, , , , , , , , , url, route] = everyDisplay()
    await w.send(state({ feed: [url, route, d.link('Sneaky', { url: 'javascript:window.__pwned=1' })] }))
    const link = w.page.getByRole('link', { name: 'Open the customer in the dashboard' })
    await link.waitFor()
    assert.equal(await link.getAttribute('href'), 'https://example.com/customers/cus_1')
    await link.click()
    assert.deepEqual(await w.waitForPosted('open'), { type: 'open', url: 'https://example.com/customers/cus_1' })
    const danger = w.page.getByRole('link', { name: 'Delete this customer' })
    assert.equal(await danger.evaluate((e) => getComputedStyle(e).color), ERROR_RED)
    await danger.focus()
    await w.page.keyboard.press('Enter')
    await eventually(async () => assert.deepEqual((await opened(w)).at(-1), { type: 'open', route: 'delete_user', params: { id: 'cus_1' } }))
    assert.equal(await w.page.getByRole('link', { name: 'Sneaky' }).count(), 0)
    await w.page.getByText('Sneaky').click()
    assert.equal((await opened(w)).length, 2)
    assert.equal(await w.page.evaluate(() => window.__pwned), undefined)
  })

  test('display.image: data: URL shown with alt and size; sizes, width/height; http: refused', async (w) => {
    await w.send(state({ feed: [
      d.image('Logo', { url: PNG_DATA_URL, alt: 'A blue square', size: 'thumbnail' }),
      d.image('Big', { url: PNG_DATA_URL, alt: 'big one', size: 'large' }),
      d.image('Exact', { url: PNG_DATA_URL, alt: 'exact', width: 100, height: 30 }),
      d.image('Insecure', { url: 'http://example.com/a.png', alt: 'insecure' }),
    ] }))
    const logo = w.page.getByRole('img', { name: 'A blue square' })
    await logo.waitFor()
    await eventually(async () => assert.ok(await logo.evaluate((i) => i.complete && i.naturalWidth === 48)))
    assert.match(await textOf(w.page.locator('io-display-image').first()), /Logo/)
    const widths = await Promise.all(['A blue square', 'big one', 'exact'].map((n) => w.page.getByRole('img', { name: n }).evaluate((i) => i.getBoundingClientRect().width)))
    assert.deepEqual(widths.map(Math.round), [48, 48, 100]) // never scaled beyond the image (48px) unless asked
    assert.equal(await w.page.getByRole('img', { name: 'exact' }).evaluate((i) => Math.round(i.getBoundingClientRect().height)), 30)
    assert.equal(await w.page.getByRole('img', { name: 'insecure' }).count(), 0)
    assert.match(await textOf(w.page.locator('io-display-image').nth(3)), /Image not shown/)
  })

  test('display.video: a <video> with controls, loop, muted and size, allowed by the CSP', async (w) => {
    await w.send(state({ feed: [everyDisplay().at(-1), d.video('Elsewhere', { url: 'ftp://example.com/v.mp4' })] }))
    const video = w.page.locator('io-display-video video')
    await video.waitFor()
    const v = await video.evaluate((e) => ({ controls: e.controls, loop: e.loop, muted: e.muted, src: e.getAttribute('src'), cls: e.className, label: e.getAttribute('aria-label') }))
    assert.deepEqual(v, { controls: true, loop: true, muted: true, src: 'data:video/mp4;base64,AAAAIGZ0eXBpc29t', cls: 'size-small fill', label: 'Demo video' })
    assert.ok((await video.evaluate((e) => e.getBoundingClientRect().width)) <= 160)
    assert.match(await textOf(w.page.locator('io-display-video').nth(1)), /Video not shown/)
    await w.page.waitForTimeout(100)
    assert.deepEqual(await w.cspViolations(), [])
  })

  test('display.object: a tree, first level open; click, Enter, Space and arrows expand/collapse and move', async (w) => {
    await w.send(state({ feed: [everyDisplay().find((x) => x.method === 'DISPLAY_OBJECT'), d.object('Just a number', 42)] }))
    const tree = w.page.getByRole('tree', { name: 'Charge' })
    await tree.waitFor()
    const item = (name) => tree.getByRole('treeitem', { name, exact: false }).first()
    const text = await textOf(tree)
    for (const t of ['id', '"ch_1"', 'amount', '42.5', 'refunded', 'false', 'note', 'null', 'tags', '[2 items]', 'customer', '{3 keys}']) assert.ok(text.includes(t), t)
    // Level 1 open (its children show), level 2 closed.
    const customer = tree.locator('li[role=treeitem][data-id="/customer"]')
    const address = tree.locator('li[role=treeitem][data-id="/customer/address"]')
    assert.equal(await customer.getAttribute('aria-expanded'), 'true')
    assert.equal(await address.getAttribute('aria-expanded'), 'false')
    assert.equal(await tree.getByText('"London"').count(), 0)
    // Click opens.
    await address.locator('.row').first().click()
    await tree.getByText('"London"').waitFor()
    assert.equal(await address.getAttribute('aria-expanded'), 'true')
    // Enter closes, Space opens again (focus follows the click).
    await w.page.keyboard.press('Enter')
    await eventually(async () => assert.equal(await address.getAttribute('aria-expanded'), 'false'))
    await w.page.keyboard.press(' ')
    await eventually(async () => assert.equal(await address.getAttribute('aria-expanded'), 'true'))
    // Arrows: Left closes, Left again goes to the parent, Up/Down move, Right opens.
    await w.page.keyboard.press('ArrowLeft')
    await eventually(async () => assert.equal(await address.getAttribute('aria-expanded'), 'false'))
    await w.page.keyboard.press('ArrowLeft')
    await eventually(async () => assert.equal(await w.page.evaluate(() => {
      let el = document.activeElement
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement
      return el?.dataset.id
    }), '/customer'))
    await w.page.keyboard.press('ArrowLeft')
    await eventually(async () => assert.equal(await customer.getAttribute('aria-expanded'), 'false'))
    await w.page.keyboard.press('ArrowRight')
    await eventually(async () => assert.equal(await customer.getAttribute('aria-expanded'), 'true'))
    // One Tab stop: only one item has tabindex 0.
    assert.equal(await tree.locator('[role=treeitem][tabindex="0"]').count(), 1)
    assert.ok(await item('tags').isVisible())
    // Long strings wrap inside the panel.
    const overflow = await tree.evaluate((t) => t.scrollWidth - t.clientWidth)
    assert.ok(overflow <= 1, `tree overflows by ${overflow}px`)
    // Types are coloured differently.
    const colours = await tree.evaluate((t) => ['.v.string', '.v.number', '.v.boolean'].map((s) => getComputedStyle(t.querySelector(s)).color))
    assert.equal(new Set(colours).size, 3)
    assert.match(await textOf(w.page.locator('io-display-object').nth(1)), /Just a number\s*42/)
  })

  test('display.metadata: grid, list and card; pending shows Loading… then the value; errors in red; links post open', async (w) => {
    const items = (orders) => [
      { label: 'Name', value: 'Ada Lovelace' },
      { label: 'Balance', value: 1234.5 },
      { label: 'Plan', value: 'Pro', url: 'https://example.com/plans/pro' },
      { label: 'Team', route: 'team', params: { id: 7 } },
      { label: 'Avatar', image: { url: PNG_DATA_URL, alt: 'Ada avatar', size: 'thumbnail' } },
      orders,
      { label: 'Risk score', error: 'Risk service timed out' },
    ]
    await w.send(state({ feed: [d.metadata('Account', items({ label: 'Orders', pending: true }), 'card')] }))
    const meta = w.page.locator('io-display-metadata')
    await meta.getByText('Ada Lovelace').waitFor()
    const text = await textOf(meta)
    for (const t of ['Account', 'Name', 'Balance', '1,234.5', 'Plan', 'Pro', 'Team', 'Orders', 'Loading…', 'Risk service timed out']) assert.ok(text.includes(t), t)
    assert.equal(await meta.getByText('Risk service timed out').evaluate((e) => getComputedStyle(e).color), ERROR_RED)
    assert.equal(await meta.locator('dd[aria-busy="true"]').count(), 1)
    assert.ok(await meta.getByRole('img', { name: 'Ada avatar' }).isVisible())
    // The host re-sends the component once the value is known.
    await w.send(state({ feed: [d.metadata('Account', items({ label: 'Orders', value: 17 }), 'card')] }))
    await eventually(async () => assert.ok(!(await textOf(meta)).includes('Loading…')))
    assert.match(await textOf(meta), /Orders\s*17/)
    assert.equal(await meta.locator('dd[aria-busy="true"]').count(), 0)
    await meta.getByRole('link', { name: 'Pro' }).click()
    assert.deepEqual(await w.waitForPosted('open'), { type: 'open', url: 'https://example.com/plans/pro' })
    await meta.getByRole('link', { name: 'Team' }).click()
    await eventually(async () => assert.deepEqual((await opened(w)).at(-1), { type: 'open', route: 'team', params: { id: 7 } }))
    // Layouts: card has a border; list puts label and value side by side; grid has several columns.
    const layout = async () => meta.locator('dl').evaluate((dl) => ({ cls: dl.className, border: getComputedStyle(dl).borderTopStyle, cols: getComputedStyle(dl).gridTemplateColumns.split(' ').length }))
    assert.deepEqual(await layout(), { cls: 'card', border: 'solid', cols: (await layout()).cols })
    await w.send(state({ feed: [d.metadata('Account', items({ label: 'Orders', value: 17 }), 'list')] }))
    await eventually(async () => assert.equal((await layout()).cls, 'list'))
    const [dt, dd] = await Promise.all(['dt', 'dd'].map((s) => meta.locator(s).first().evaluate((e) => e.getBoundingClientRect())))
    assert.ok(Math.abs(dt.top - dd.top) < 2 && dd.left >= dt.right, 'list: value to the right of its label')
    await w.send(state({ feed: [d.metadata('Account', items({ label: 'Orders', value: 17 }))] }))
    await eventually(async () => assert.equal((await layout()).cls, 'grid'))
    assert.ok((await layout()).cols >= 3, 'grid: several columns in a wide panel')
    assert.equal((await layout()).border, 'none')
  })

  test('displays inside a group prompt: Enter on a link or in the object tree does not submit the form', async (w) => {
    await w.send(state({ prompt: { seq: 2, components: [
      d.link('Docs', { url: 'https://example.com/docs' }),
      d.html('', '<a href="https://example.com/h">html link</a>'),
      d.object('Row', { a: { b: 1 } }),
      c.text('Reason'),
    ] } }))
    await w.page.getByLabel('Reason').fill('because')
    await w.page.getByRole('link', { name: 'Docs' }).focus()
    await w.page.keyboard.press('Enter')
    assert.deepEqual(await w.waitForPosted('open'), { type: 'open', url: 'https://example.com/docs' })
    await w.page.getByRole('link', { name: 'html link' }).focus()
    await w.page.keyboard.press('Enter')
    await eventually(async () => assert.equal((await opened(w)).length, 2))
    const a = w.page.getByRole('tree', { name: 'Row' }).getByRole('treeitem').first()
    await a.focus()
    await w.page.keyboard.press('Enter')
    await eventually(async () => assert.equal(await a.getAttribute('aria-expanded'), 'false'))
    assert.equal((await w.posted()).filter((m) => m.type === 'submit').length, 0)
    await w.page.getByLabel('Reason').press('Enter')
    assert.deepEqual((await w.waitForPosted('submit')).values, [null, null, null, 'because'])
  })

  test('every display together in the feed: no CSP violations or console errors', async (w) => {
    await w.send(state({ status: 'running', feed: everyDisplay() }))
    await w.page.getByRole('tree', { name: 'Charge' }).waitFor()
    await w.page.waitForTimeout(200)
    assert.equal(await w.page.locator('.unsupported').count(), 0)
    assert.deepEqual(await w.cspViolations(), [])
    assert.deepEqual(w.consoleErrors, [])
  })

  shot('displays', async (w) => {
    await w.send(state({ status: 'running', feed: everyDisplay() }))
    await w.page.getByRole('tree', { name: 'Charge' }).waitFor()
  })
}
