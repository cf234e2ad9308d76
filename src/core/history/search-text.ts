// What a text search of History matches: the labels of the screens, the
// answers, the logs, the result and the error of each run, lower-cased on one
// line of `search.tsv` written when the run ends. Each kind of text has its own
// share, so a chatty log cannot crowd out the result.
import { closeSync, existsSync } from 'node:fs'
import { safeStringify } from './caps'
import type { TxEvent } from './events'
import { forEachLine, openRegular } from './lines'

const SHARES = { prompt: 600, answer: 400, log: 500, end: 500 } as const
type Kind = keyof typeof SHARES

export class SearchText {
  private readonly parts: Record<Kind, string[]> = { prompt: [], answer: [], log: [], end: [] }
  private readonly room: Record<Kind, number> = { ...SHARES }

  add(e: TxEvent): void {
    switch (e.type) {
      case 'started':
        return this.put('answer', Object.values(e.params))
      case 'render':
      case 'display':
        return this.put('prompt', e.components.map((c) => c.label))
      case 'update':
        return this.put('prompt', [e.component.label])
      case 'answer':
        return this.put('answer', e.values)
      case 'log':
        return this.put('log', [e.message])
      case 'result':
        return this.put('end', [e.value])
      case 'error':
        return this.put('end', [`${e.error.name}: ${e.error.message}`])
      case 'canceled':
        return this.put('end', ['canceled', e.by])
      case 'interrupted':
        return this.put('end', ['interrupted', e.reason])
      case 'step':
        return e.phase === 'start' && e.attempt === 1 ? this.put('prompt', [e.name]) : e.error ? this.put('end', [`${e.error.name}: ${e.error.message}`]) : undefined
      case 'diverged':
        return this.put('end', ['diverged', e.divergence.expected, e.divergence.actual])
    }
  }

  private put(kind: Kind, values: unknown[]): void {
    for (const v of values) {
      if (this.room[kind] <= 0) return
      if (v === undefined || v === null || v === '') continue
      const s = typeof v === 'string' ? v : safeStringify(v)
      const piece = s.slice(0, this.room[kind]).replace(/\s+/g, ' ').toLowerCase()
      this.parts[kind].push(piece)
      this.room[kind] -= piece.length + 1
    }
  }

  /** One line of search.tsv for run `id`. */
  line(id: string): string {
    return `${id}\t${Object.values(this.parts).flat().join(' ')}\n`
  }
}

/** Ids of the runs whose search text contains `text` (case-insensitive), reading the file in chunks. */
export function searchIds(file: string, text: string): Set<string> {
  const found = new Set<string>()
  if (!existsSync(file)) return found
  const needle = Buffer.from(text.toLowerCase().replace(/\s+/g, ' '))
  const fd = openRegular(file)
  try {
    // Lines are matched as bytes: the text is lower-cased UTF-8 on both sides, so a byte match is a text match.
    forEachLine(fd, (line) => {
      if (!line) return
      const tab = line.indexOf(9)
      if (tab > 0 && line.indexOf(needle, tab + 1) >= 0) found.add(line.toString('latin1', 0, tab))
    }, { chunk: 4 << 20 })
  } finally {
    closeSync(fd)
  }
  return found
}
