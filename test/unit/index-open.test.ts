// HistoryIndex.open(): what recovery looks at every lease TTL is the running runs, kept as lines
// arrive (starts, ends, deletions, a compaction, an end read before its start), oldest first.
import * as assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HistoryIndex } from '../../src/core/history/index-file'

describe('HistoryIndex.open', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mi-index-open-'))))
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const start = (ix: HistoryIndex, id: string, minute: number): void =>
    ix.appendStart({ id, startedAt: `2026-01-01T00:${String(minute).padStart(2, '0')}:00.000Z`, slug: 's', actionName: 'S', user: 'u' })

  it('lists the running runs only, oldest first, as ends, deletions and compactions arrive', () => {
    const file = join(dir, 'index.tsv')
    const writer = new HistoryIndex(file)
    start(writer, 'b', 2)
    start(writer, 'a', 1)
    start(writer, 'c', 3)
    start(writer, 'd', 4)
    writer.appendEnd('c', 'completed', '2026-01-01T01:00:00.000Z')
    writer.appendDelete(['d'])

    // Another reader of the same file (another window) sees the same.
    const reader = new HistoryIndex(file)
    reader.refresh()
    assert.deepEqual(reader.open().map((e) => e.id), ['a', 'b'])

    writer.appendEnd('a', 'failed', '2026-01-01T01:00:00.000Z')
    reader.refresh()
    assert.deepEqual(reader.open().map((e) => e.id), ['b'])

    // A compaction (a new file renamed into place) is read from scratch.
    writer.refresh()
    writer.rewrite(writer.entries().filter((e) => e.id !== 'a'))
    start(writer, 'e', 5)
    reader.refresh()
    assert.deepEqual(reader.open().map((e) => e.id), ['b', 'e'])
  })

  it('knows a run whose end line came before its start line is not running', () => {
    const file = join(dir, 'index.tsv')
    const writer = new HistoryIndex(file)
    writer.appendEnd('x', 'completed', '2026-01-01T01:00:00.000Z')
    start(writer, 'x', 1)
    start(writer, 'y', 2)
    const reader = new HistoryIndex(file)
    reader.refresh()
    assert.deepEqual(reader.open().map((e) => e.id), ['y'])
  })
})
