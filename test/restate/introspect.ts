// What Restate holds, read as tests look at it (its SQL introspection API),
// and an answer posted to serve as the browser posts it.
import assert from 'node:assert/strict'
import type { Client } from '../unit/serve-client'

/**
 * Every string in a value, with byte arrays (how Restate's SQL API shows payloads)
 * read as text: `utf8` for JSON payloads, `latin1` to find raw bytes too.
 */
export function texts(v: unknown, encoding: BufferEncoding = 'utf8', out: string[] = []): string[] {
  if (typeof v === 'string') {
    out.push(v)
    try {
      texts(JSON.parse(v), encoding, out)
    } catch {
      // not JSON
    }
  } else if (Array.isArray(v)) {
    if (v.length && v.every((b) => Number.isInteger(b) && b >= 0 && b < 256)) texts(Buffer.from(v as number[]).toString(encoding), encoding, out)
    else v.forEach((x) => texts(x, encoding, out))
  } else if (v && typeof v === 'object') Object.values(v).forEach((x) => texts(x, encoding, out))
  return out
}

export async function sql(admin: string, query: string): Promise<unknown[]> {
  const r = await fetch(`${admin}/query`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query }) })
  const text = await r.text()
  assert.ok(r.ok, `${query}: ${r.status} ${text}`)
  return (JSON.parse(text) as { rows: unknown[] }).rows
}

export async function answer(c: Client, id: string, seq: number, values: unknown[]): Promise<void> {
  const r = await c.post(`/api/tx/${id}/message`, { type: 'submit', seq, values })
  assert.equal(r.status, 204, await r.text())
}
