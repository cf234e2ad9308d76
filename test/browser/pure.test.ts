// The browser app's pure parts, in Node: the page's HTML and CSP, the routes,
// and the dashboard's grouping and search.
//   npx mocha --no-config -r tsx/cjs test/browser/pure.test.ts
import assert from 'node:assert/strict'
import { webPageCsp, webPageHtml } from '../../src/server/page'
import { parseRoute } from '../../webview/web/router'
import { dashboardTree, filterTree, type DashNode } from '../../webview/web/dashboard-tree'
import type { ActionItem, WorkflowItem } from '../../webview/web/api'

const NONCE = 'abcdefghijklmnop0123=='

describe('webPageHtml', () => {
  it('has the strict CSP with its nonce on the one script, and nothing unsafe', () => {
    const html = webPageHtml({ nonce: NONCE, scriptPath: '/app/web.js', title: 'Mini Interval' })
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#39;/g, "'")
    assert.match(csp, /default-src 'none'; script-src 'nonce-abcdefghijklmnop0123==' 'strict-dynamic'; style-src 'self' 'nonce-/)
    assert.match(csp, /connect-src 'self'/)
    assert.doesNotMatch(csp + webPageCsp(NONCE), /unsafe-/)
    assert.match(webPageCsp(NONCE), /frame-ancestors 'none'/)
    assert.equal(html.match(/<script/g)!.length, 1)
    assert.match(html, /<script type="module" nonce="abcdefghijklmnop0123==" src="\/app\/web\.js"><\/script>/)
    assert.match(html, /<mi-web><\/mi-web>/)
  })

  it('escapes the title and refuses a bad nonce or a script from elsewhere', () => {
    assert.match(webPageHtml({ nonce: NONCE, scriptPath: '/app/web.js', title: '<b>"x"</b>' }), /<title>&lt;b&gt;&quot;x&quot;&lt;\/b&gt;<\/title>/)
    assert.throws(() => webPageHtml({ nonce: "x' 'unsafe-inline", scriptPath: '/app/web.js', title: 't' }), /nonce/)
    assert.throws(() => webPageHtml({ nonce: NONCE, scriptPath: 'https://evil.example/x.js', title: 't' }), /same-origin/)
    assert.throws(() => webPageHtml({ nonce: NONCE, scriptPath: '//evil.example/x.js', title: 't' }), /same-origin/)
    assert.throws(() => webPageHtml({ nonce: NONCE, scriptPath: '/app/x.js" onload="alert(1)', title: 't' }), /same-origin/)
  })
})

describe('parseRoute', () => {
  it('reads the four pages and nothing else', () => {
    assert.deepEqual(parseRoute('/'), { name: 'dashboard' })
    assert.deepEqual(parseRoute('/tx/0mx6dc4rq-e424gk'), { name: 'tx', id: '0mx6dc4rq-e424gk' })
    assert.deepEqual(parseRoute('/history/abc-1'), { name: 'historyEntry', id: 'abc-1' })
    const h = parseRoute('/history', '?status=failed&text=ada')
    assert.equal(h.name, 'history')
    assert.equal(h.name === 'history' && h.params.get('status'), 'failed')
    assert.equal(parseRoute('/tx/').name, 'notFound')
    assert.equal(parseRoute('/tx/a%2F..%2Fb').name, 'notFound')
    assert.equal(parseRoute('/tx/%E0%A4%A').name, 'notFound')
    assert.equal(parseRoute('/tx/a/b').name, 'notFound')
    assert.equal(parseRoute('/app/web.js').name, 'notFound')
  })
})

describe('dashboardTree', () => {
  const a = (slug: string, relPath: string, more: Partial<ActionItem> = {}): ActionItem => ({ slug, name: more.name ?? slug, state: 'ready', relPath, kind: 'action', ...more })
  const actions: ActionItem[] = [
    a('hello', 'hello.action.ts', { name: 'Hello' }),
    a('billing/refund', 'billing/refund.action.ts', { name: 'Refund customer', description: 'Refund charges' }),
    a('billing/broken', 'billing/broken.action.ts', { state: 'broken', error: 'SyntaxError' }),
    a('orders', 'interval/index.ts', { name: 'Orders', kind: 'page', key: '/x/interval/index.ts#orders' }),
    a('orders/find_order', 'interval/index.ts', { name: 'Find order', key: '/x/interval/index.ts#orders/find_order' }),
    a('greet_user', 'interval/index.ts', { key: '/x/interval/index.ts#greet_user' }),
  ]
  const workflows: WorkflowItem[] = [{ slug: 'billing/payout', name: 'Payout', relPath: 'billing/payout.workflow.json', state: 'ready' }]
  const shape = (nodes: DashNode[]): unknown[] => nodes.map((n) => n.kind === 'group' ? { [n.label + (n.page ? ' (page)' : '')]: shape(n.children) } : `${n.kind}:${n.item.slug}`)

  it('groups as the Actions tree: folders, the Interval page with its routes, workflows with the actions of their folder', () => {
    assert.deepEqual(shape(dashboardTree(actions, workflows)), [
      // By file, as the tree sorts them: billing/payout.workflow.json sits between broken and refund.
      { Billing: ['action:billing/broken', 'workflow:billing/payout', 'action:billing/refund'] },
      { 'Orders (page)': ['action:orders/find_order'] },
      'action:greet_user',
      'action:hello',
    ])
  })

  it('search: every word must match; a group\'s words count for what it holds; a matching page keeps its group', () => {
    const tree = dashboardTree(actions, workflows)
    assert.deepEqual(shape(filterTree(tree, 'REFUND')), [{ Billing: ['action:billing/refund'] }])
    assert.deepEqual(shape(filterTree(tree, 'billing workflow')), [{ Billing: ['workflow:billing/payout'] }])
    assert.deepEqual(shape(filterTree(tree, 'orders find')), [{ 'Orders (page)': ['action:orders/find_order'] }])
    assert.deepEqual(shape(filterTree(tree, 'orders')), [{ 'Orders (page)': ['action:orders/find_order'] }])
    assert.deepEqual(filterTree(tree, 'nothing like it'), [])
    assert.equal(filterTree(tree, '  '), tree)
  })
})
