// package.json's `contributes.configuration` is the settings' JSON schema: VS Code
// validates settings.json and builds the Settings editor from it.
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './helpers'

type Schema = { type?: string; default?: unknown; description?: string; markdownDescription?: string; minimum?: number; items?: Schema; enum?: unknown[] }

const matches = (type: string | undefined, v: unknown): boolean =>
  type === 'integer' ? Number.isInteger(v) : type === 'array' ? Array.isArray(v) : typeof v === type

describe('settings schema', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  const props = Object.entries<Schema>(pkg.contributes.configuration.properties)

  it('gives every setting a type, a default of that type and a description', () => {
    assert.ok(props.length >= 5)
    for (const [key, s] of props) {
      assert.ok(key.startsWith('miniInterval.'), key)
      assert.ok(s.type, `${key}: type`)
      assert.ok(matches(s.type, s.default), `${key}: default ${JSON.stringify(s.default)} is not a ${s.type}`)
      assert.ok((s.markdownDescription ?? s.description ?? '').length > 20, `${key}: description`)
      if (s.type === 'array') for (const v of s.default as unknown[]) assert.ok(matches(s.items?.type, v), `${key}: item ${JSON.stringify(v)}`)
      if (s.enum) assert.ok(s.enum.includes(s.default), `${key}: default is one of the enum`)
    }
  })

  it('bounds every number, and the default is within the bounds', () => {
    for (const [key, s] of props.filter(([, s]) => s.type === 'number' || s.type === 'integer')) {
      assert.equal(typeof s.minimum, 'number', `${key}: minimum`)
      assert.ok((s.default as number) >= s.minimum!, `${key}: default below minimum`)
    }
  })
})
