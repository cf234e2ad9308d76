// nodeFiles: the FileSource `serve` uses. Finding by include/exclude globs in a
// real folder (skipped folders, symlinks out of it), and watching: a create, a
// change, a delete, a deleted folder, and the root itself deleted and back.
import { strict as assert } from 'node:assert'
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nodeFiles } from '../../src/core/discovery/nodeFiles'
import { eventually } from './eventually'
import { tempTree } from './helpers'

const ACTION = '**/*.action.{ts,mts,js,mjs}'

describe('nodeFiles: a folder on disk as a FileSource', function () {
  this.timeout(20_000)
  const disposers: (() => void)[] = []
  afterEach(() => disposers.splice(0).forEach((d) => d()))

  it('finds files by include and exclude globs, never under skipped folders or through symlinks out of the folder', async () => {
    const outside = tempTree({ 'secret.action.ts': '' })
    const dir = tempTree({
      'a.action.ts': '',
      'billing/refund.action.ts': '',
      'billing/notes.ts': '',
      'node_modules/pkg/x.action.ts': '',
      '.mini-interval/history/y.action.ts': '',
      'legacy/old.action.ts': '',
      'deep/er/z.action.mjs': '',
    })
    symlinkSync(outside, join(dir, 'linked-out'))
    symlinkSync(join(dir, 'billing'), join(dir, 'linked-in'))
    symlinkSync(join(outside, 'secret.action.ts'), join(dir, 'secret-link.action.ts'))
    const files = nodeFiles(dir)
    disposers.push(() => files.dispose())
    const folder = { name: 'w', path: dir }
    const rel = (paths: string[]) => paths.map((p) => p.slice(dir.length + 1)).sort()
    const found = rel(await files.find(folder, ACTION, ['**/legacy/**']))
    // billing is walked once: through itself or through the link inside the folder.
    assert.deepEqual(found.filter((f) => !f.startsWith('linked-in/') && !f.startsWith('billing/')), ['a.action.ts', 'deep/er/z.action.mjs'])
    assert.equal(found.filter((f) => f.endsWith('refund.action.ts')).length, 1)
    assert.ok(!found.some((f) => f.includes('secret') || f.includes('node_modules') || f.includes('legacy') || f.includes('.mini-interval')), found.join())
    assert.equal((await files.find(folder, ACTION, [], 2)).length, 2, 'maxResults')
    assert.deepEqual(await files.find({ name: 'gone', path: join(dir, 'missing') }, ACTION, []), [])
    await assert.rejects(files.find({ name: 'x', path: outside }, ACTION, []), /outside/)
  })

  it('reports created, changed and deleted files matching the glob, and every file of a deleted folder', async () => {
    const dir = tempTree({ 'keep.action.ts': 'a', 'sub/inner/one.action.ts': '1', 'sub/two.action.ts': '2', 'sub/readme.md': '' })
    const files = nodeFiles(dir, { debounceMs: 30 })
    disposers.push(() => files.dispose())
    const events: string[] = []
    const sub = files.watch({ name: 'w', path: dir }, ACTION, {
      changed: (f) => events.push(`changed ${f.slice(dir.length + 1)}`),
      deleted: (f) => events.push(`deleted ${f.slice(dir.length + 1)}`),
    })
    await new Promise((r) => setTimeout(r, 200)) // the first walk
    writeFileSync(join(dir, 'new.action.ts'), 'n')
    writeFileSync(join(dir, 'ignored.ts'), 'n')
    await eventually('the create', () => events.includes('changed new.action.ts'))
    writeFileSync(join(dir, 'keep.action.ts'), 'b')
    await eventually('the change', () => events.includes('changed keep.action.ts'))
    // A folder created with files in it at once: its files are reported.
    mkdirSync(join(dir, 'later/deeper'), { recursive: true })
    writeFileSync(join(dir, 'later/deeper/x.action.ts'), 'x')
    await eventually('the file in a new folder', () => events.includes('changed later/deeper/x.action.ts'))
    rmSync(join(dir, 'new.action.ts'))
    await eventually('the delete', () => events.includes('deleted new.action.ts'))
    rmSync(join(dir, 'sub'), { recursive: true })
    await eventually('the folder delete', () => events.includes('deleted sub/inner/one.action.ts') && events.includes('deleted sub/two.action.ts'))
    // A folder moved in from elsewhere.
    const elsewhere = mkdtempSync(join(tmpdir(), 'mini-interval-moved-'))
    writeFileSync(join(elsewhere, 'moved.action.ts'), 'm')
    renameSync(elsewhere, join(dir, 'moved'))
    await eventually('the moved-in folder', () => events.includes('changed moved/moved.action.ts'))
    assert.ok(!events.some((e) => e.includes('ignored.ts') || e.includes('readme')), events.join('\n'))
    sub.dispose()
    const count = events.length
    writeFileSync(join(dir, 'after.action.ts'), '')
    await new Promise((r) => setTimeout(r, 200))
    assert.equal(events.length, count, 'nothing after dispose')
  })

  it('survives its folder being deleted, and watches it again when it comes back', async () => {
    const dir = tempTree({ 'a.action.ts': 'a', 'b/c.action.ts': 'c' })
    const files = nodeFiles(dir, { debounceMs: 30, pollMs: 100 })
    disposers.push(() => files.dispose())
    const events: string[] = []
    files.watch({ name: 'w', path: dir }, ACTION, {
      changed: (f) => events.push(`changed ${f.slice(dir.length + 1)}`),
      deleted: (f) => events.push(`deleted ${f.slice(dir.length + 1)}`),
    })
    await new Promise((r) => setTimeout(r, 200))
    rmSync(dir, { recursive: true })
    await eventually('both deletes', () => events.includes('deleted a.action.ts') && events.includes('deleted b/c.action.ts'))
    assert.deepEqual(await files.find({ name: 'w', path: dir }, ACTION, []), [])
    mkdirSync(join(dir, 'b'), { recursive: true })
    writeFileSync(join(dir, 'b/again.action.ts'), '')
    await eventually('the folder back', () => events.includes('changed b/again.action.ts'))
    writeFileSync(join(dir, 'fresh.action.ts'), '')
    await eventually('a create in the folder back', () => events.includes('changed fresh.action.ts'))
  })
})
