// core/lazySchemas.ts: a module's schemas are built at the first reading of any of them, once, and
// the stand-ins behave as the schemas themselves (parsing, composing, spreading, instanceof).
import * as assert from 'node:assert/strict'
import * as z from 'zod'
import { lazySchemas } from '../../src/core/lazySchemas'
import { componentSchema, hostToWebviewSchema, isFinished, tableRowsPayloadShape } from '../../src/core/protocol'

describe('lazySchemas', () => {
  it('builds nothing until a schema is read, then everything once', () => {
    let builds = 0
    const { a, b } = lazySchemas(() => {
      builds++
      const a = z.object({ n: z.number() })
      return { a, b: z.object({ inner: a, s: z.string() }) }
    })
    assert.equal(builds, 0)
    assert.deepEqual(b.parse({ inner: { n: 1 }, s: 'x' }), { inner: { n: 1 }, s: 'x' })
    assert.equal(builds, 1)
    assert.equal(a.safeParse({ n: 'no' }).success, false)
    assert.equal(builds, 1)
  })

  it('stands in for a schema everywhere zod looks at one', () => {
    const { obj, shape } = lazySchemas(() => ({ obj: z.object({ id: z.string() }), shape: { n: z.number().optional() } }))
    // Composed into schemas built now, and spread as a shape.
    const outer = z.object({ item: obj, ...shape })
    assert.deepEqual(outer.parse({ item: { id: 'x' }, n: 2 }), { item: { id: 'x' }, n: 2 })
    assert.throws(() => outer.parse({ item: {} }))
    assert.ok(obj instanceof z.ZodObject)
    assert.deepEqual(Object.keys(shape), ['n'])
    assert.deepEqual(Object.keys(obj.shape), ['id'])
    assert.equal(z.discriminatedUnion('k', [lazySchemas(() => ({ u: z.object({ k: z.literal('u') }) })).u]).parse({ k: 'u' }).k, 'u')
    // Methods that make new schemas work on the stand-in.
    assert.equal(obj.extend({ more: z.boolean() }).safeParse({ id: 'x', more: true }).success, true)
  })

  it("gives the protocol's schemas their meaning", () => {
    assert.equal(isFinished('completed'), true)
    assert.equal(componentSchema.safeParse({ method: 'INPUT_TEXT', label: 'Name', props: {} }).success, true)
    assert.equal(componentSchema.safeParse({ method: 'NOPE', label: 'Name', props: {} }).success, false)
    assert.deepEqual(Object.keys(tableRowsPayloadShape).sort(), ['gzip', 'json'])
    const bad = hostToWebviewSchema.safeParse({ type: 'no such message' })
    assert.equal(bad.success, false)
  })
})
