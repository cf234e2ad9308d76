// A History folder of `n` realistic finished runs (~1.5 KB each), written
// directly the way TxLog and the index lay them out: for the History benchmark
// and for the activation benchmark in VS Code (flat with 100,000 runs).
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { escapeField } from '../../src/core/history/lines'
import { SearchText } from '../../src/core/history/search-text'
import type { TxEvent } from '../../src/core/history/events'
import { newTxId } from '../../src/core/history/store'

const USER = { email: 'ada@example.com', firstName: 'Ada', lastName: 'Lovelace' }
const ACTIONS = 20
const WORDS = ['refund', 'invoice', 'customer', 'order', 'shipping', 'coupon', 'account', 'export', 'import', 'email']

/** Writes `n` realistic finished runs (~1.5 KB each) the way TxLog and the index lay them out; returns the bytes of logs. */
/** `t0`: the first run's start (one run a minute after it); by default 2024-01-01. */
export function populate(dir: string, n: number, t0 = Date.parse('2024-01-01T00:00:00Z')): number {
  mkdirSync(dir, { recursive: true })
  const index: string[] = []
  const search: string[] = []
  let bytes = 0
  for (let i = 0; i < n; i++) {
    const startMs = t0 + i * 60_000
    const id = newTxId(startMs)
    const a = i % ACTIONS
    const action = { slug: `action-${a}`, name: `Action ${a}`, file: `/w/actions/action-${a}.ts` }
    const at = (ms: number) => new Date(startMs + ms).toISOString()
    const word = WORDS[i % WORDS.length]
    const events = [
      { type: 'started', action, codeHash: 'c0ffee'.repeat(10), params: { source: 'bench', n: i }, user: USER, hostId: '0123456789abcdef' },
      { type: 'render', seq: 1, components: [{ method: 'INPUT_TEXT', label: `Which ${word}?`, props: { helpText: 'The id as shown in the admin panel. '.repeat(4), placeholder: 'e.g. 1234' } }, { method: 'INPUT_NUMBER', label: 'Amount', props: { min: 0, max: 1000, currency: 'USD' } }] },
      { type: 'answer', seq: 1, values: [`${word}-${i}`, (i * 37) % 1000] },
      { type: 'log', message: `Looked up ${word} ${i}: ${'details '.repeat(30)}` },
      { type: 'result', value: { ok: true, id: `${word}-${i}`, note: `Processed ${word} number ${i} for ${USER.email}`, lines: [1, 2, 3].map((k) => ({ k, sku: `SKU-${i}-${k}`, qty: k })) } },
    ].map((e, k) => ({ v: 1, tx: id, at: at(k * 500), ...e }) as TxEvent)
    const text = new SearchText()
    for (const e of events) text.add(e)
    const body = events.map((e) => JSON.stringify(e)).join('\n') + '\n'
    writeFileSync(join(dir, `${id}.jsonl`), body)
    bytes += Buffer.byteLength(body)
    index.push(['S', id, at(0), action.slug, '0123456789abcdef', action.name, 'Ada Lovelace', USER.email].map(escapeField).join('\t'))
    index.push(['E', id, 'completed', at(2000), ''].join('\t'))
    search.push(text.line(id))
  }
  writeFileSync(join(dir, 'index.tsv'), index.join('\n') + '\n')
  writeFileSync(join(dir, 'search.tsv'), search.join(''))
  return bytes
}

