// History's first page straight from the end of index.tsv, before the whole
// index is parsed: at 100,000 runs, parsing every line costs about 200 ms,
// while the newest 50 runs sit in the last few kilobytes. The total is counted
// from the bytes (start lines minus deletions) without parsing them.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { IndexEntry, type HistorySummary } from './index-file'
import { unescapeField } from './lines'

const START = Buffer.from('\nS\t')
const DELETE = Buffer.from('\nD\t')
const UNREADABLE = Buffer.from('\nU\t')

function count(buf: Buffer, what: Buffer): number {
  let n = buf.subarray(0, what.length - 1).equals(what.subarray(1)) ? 1 : 0
  for (let at = buf.indexOf(what); at >= 0; at = buf.indexOf(what, at + 1)) n++
  return n
}

/**
 * The newest `limit` runs, newest first, and how many there are; undefined when
 * the tail cannot answer exactly (no file, unreadable-log lines, or starts out
 * of order, as after re-indexing old logs): then the caller parses everything.
 */
export function tailPage(file: string, limit: number): { items: HistorySummary[]; total: number } | undefined {
  let buf: Buffer
  try {
    const fd = openSync(file, 'r')
    try {
      const size = fstatSync(fd).size
      buf = Buffer.allocUnsafe(size)
      let got = 0
      while (got < size) {
        const n = readSync(fd, buf, got, size - got, got)
        if (n === 0) break
        got += n
      }
      buf = buf.subarray(0, buf.lastIndexOf(0x0a, got - 1) + 1)
    } finally {
      closeSync(fd)
    }
  } catch {
    return undefined
  }
  if (count(buf, UNREADABLE)) return undefined
  const ends = new Map<string, string[]>()
  const deleted = new Set<string>()
  const items: HistorySummary[] = []
  const seen = new Set<string>()
  let newer: string | undefined
  // Walk lines from the last: an end is always seen before its start.
  for (let end = buf.length - 1; end > 0 && items.length < limit; ) {
    const start = buf.lastIndexOf(0x0a, end - 1) + 1
    const line = buf.toString('utf8', start, end)
    end = start - 1
    const f = line.split('\t')
    if (f[0] === 'E' && f.length >= 5) {
      // The first end in the file wins, as in the full index: walking backwards, the last one seen.
      ends.set(unescapeField(f[1]), f.map(unescapeField))
    } else if (f[0] === 'D') deleted.add(unescapeField(f[1]))
    else if (f[0] === 'S' && f.length >= 8) {
      const id = unescapeField(f[1])
      if (deleted.has(id) || seen.has(id)) continue
      const e = new IndexEntry(id, unescapeField(f[2]), unescapeField(f[3]), f.slice(4).join('\t'))
      if (newer !== undefined && e.startedAt > newer) return undefined
      newer = e.startedAt
      const ended = ends.get(id)
      if (ended) {
        e.status = ended[2] as IndexEntry['status']
        e.endedAt = ended[3]
        if (ended[4]) e.problems = Number(ended[4])
      }
      seen.add(id)
      items.push(e.summary())
    }
  }
  return { items, total: count(buf, START) - count(buf, DELETE) }
}
