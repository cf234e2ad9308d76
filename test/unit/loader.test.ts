import { strict as assert } from 'node:assert'
import { utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CompileCache } from '../../src/core/loader/cache'
import { CompileError, compileAction, resolveLocal } from '../../src/core/loader/compile'
import { WASM, tempTree } from './helpers'

describe('loader', () => {
  it('bundles relative imports and leaves packages to the workspace', async () => {
    const dir = tempTree({
      'a.action.ts': `import { two } from './lib/two.js'\nimport _ from 'lodash'\nexport default async () => _.sum([two()])`,
      'lib/two.ts': `export const two = (): number => 2`,
    })
    const c = await compileAction(join(dir, 'a.action.ts'), WASM)
    assert.match(c.code, /require\("lodash"\)/)
    assert.doesNotMatch(c.code, /require\(".\/lib\/two/)
    assert.match(c.code, /sourceMappingURL=data:/)
    assert.deepEqual(Object.keys(c.inputs).sort(), [join(dir, 'a.action.ts'), join(dir, 'lib/two.ts')].sort())
    assert.match(c.hash, /^[0-9a-f]{64}$/)
  })

  it('reports a syntax error with its file and line', async () => {
    const dir = tempTree({ 'bad.action.ts': `export default async () => {\n  const x = ;\n}` })
    await assert.rejects(compileAction(join(dir, 'bad.action.ts'), WASM), (e: unknown) => {
      assert.ok(e instanceof CompileError)
      assert.equal(e.location?.line, 2)
      assert.match(e.message, /bad\.action\.ts:2:/)
      return true
    })
  })

  it('reports a missing relative import', async () => {
    const dir = tempTree({ 'a.ts': `import './nope'\nexport default 1` })
    await assert.rejects(compileAction(join(dir, 'a.ts'), WASM), /Cannot find module "\.\/nope"/)
  })

  it('resolves TypeScript-style .js specifiers and folder indexes', () => {
    const dir = tempTree({ 'x.ts': '', 'pkg/index.ts': '' })
    assert.equal(resolveLocal(join(dir, 'x.js')), join(dir, 'x.ts'))
    assert.equal(resolveLocal(join(dir, 'pkg')), join(dir, 'pkg/index.ts'))
  })

  it('caches until the file or one of its imports changes', async () => {
    const dir = tempTree({ 'a.ts': `import { v } from './v'\nexport default () => v`, 'v.ts': `export const v = 1` })
    let builds = 0
    const cache = new CompileCache(WASM, (f, w) => (builds++, compileAction(f, w)))
    const file = join(dir, 'a.ts')
    const first = await cache.get(file)
    assert.equal(await cache.get(file), first)
    assert.equal(builds, 1)
    writeFileSync(join(dir, 'v.ts'), `export const v = 22`)
    const later = new Date(Date.now() + 5000)
    utimesSync(join(dir, 'v.ts'), later, later)
    const second = await cache.get(file)
    assert.equal(builds, 2)
    assert.notEqual(second.hash, first.hash)
  })
})
