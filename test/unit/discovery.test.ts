import { strict as assert } from 'node:assert'
import { FileFilter, globToRegExp } from '../../src/core/discovery/glob'
import { buildTree, groupLabel, slugOf } from '../../src/core/discovery/actionTree'

describe('discovery', () => {
  it('matches the default include and exclude globs', () => {
    const f = new FileFilter('**/*.action.{ts,mts,js,mjs}', ['**/node_modules/**'])
    assert.ok(f.matches('refund.action.ts'))
    assert.ok(f.matches('billing/deep/refund.action.mjs'))
    assert.ok(!f.matches('refund.ts'))
    assert.ok(!f.matches('refund.action.tsx'))
    assert.ok(!f.matches('node_modules/pkg/a.action.ts'))
    assert.ok(!f.matches('x/node_modules/a.action.js'))
  })

  it('keeps * inside one folder and supports ? and classes', () => {
    assert.ok(!globToRegExp('*.ts').test('a/b.ts'))
    assert.ok(globToRegExp('a?.ts').test('ab.ts'))
    assert.ok(globToRegExp('[ab].ts').test('b.ts'))
    assert.ok(!globToRegExp('[!ab].ts').test('b.ts'))
    assert.ok(globToRegExp('src/**').test('src/x/y.ts'))
  })

  it('derives slugs and group labels', () => {
    assert.equal(slugOf('billing/refund.action.ts'), 'billing/refund')
    assert.equal(slugOf('my tool.action.js'), 'my_tool')
    assert.equal(groupLabel('userTools'), 'User tools')
    assert.equal(groupLabel('billing'), 'Billing')
  })

  it('builds a tree with folders as groups, groups first', () => {
    const file = (relPath: string) => ({ file: '/w/' + relPath, relPath, root: 'w' })
    const tree = buildTree([file('z.action.ts'), file('billing/refund.action.ts'), file('a.action.ts')], false)
    assert.deepEqual(
      tree.map((n) => (n.kind === 'group' ? n.label : n.slug)),
      ['Billing', 'a', 'z'],
    )
    const billing = tree[0]
    assert.ok(billing.kind === 'group' && billing.children[0].kind === 'action' && billing.children[0].slug === 'billing/refund')
  })

  it('adds a root per workspace folder when there are several', () => {
    const tree = buildTree([{ file: '/a/x.action.ts', relPath: 'x.action.ts', root: 'alpha' }], true)
    assert.equal(tree[0].kind === 'group' && tree[0].label, 'alpha')
  })
})
