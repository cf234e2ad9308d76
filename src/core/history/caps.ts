// What history keeps of one event: JSON that never throws (BigInt, cycles,
// throwing getters) and at most MAX_EVENT bytes, the largest values replaced by
// a note saying what was left out, so the line still parses as its event type.

export const MAX_EVENT = 1 << 20
/** Each value of a refused answer: kept only to show what was refused. */
export const MAX_INVALID_VALUE = 10 << 10

const mb = (n: number) => `${(n / (1 << 20)).toFixed(1)} MB`
const kb = (n: number) => (n >= 1 << 20 ? mb(n) : `${Math.ceil(n / 1024)} KB`)
export const notKept = (size: number, limit: number) => `[value of ${kb(size)} not kept: history keeps at most ${kb(limit)} per ${limit === MAX_EVENT ? 'event' : 'value'}]`

/** JSON.stringify that turns BigInt into a string, a cycle into "[circular]" and a throwing getter into its message. */
export function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null'
  } catch {
    const stack: unknown[] = []
    return JSON.stringify(value, function (this: unknown, _key, v: unknown) {
      if (typeof v === 'bigint') return `${v}n`
      if (v !== null && typeof v === 'object') {
        while (stack.length && stack[stack.length - 1] !== this) stack.pop()
        if (stack.includes(v)) return '[circular]'
        stack.push(v)
        if (!Array.isArray(v)) return guardGetters(v as Record<string, unknown>)
      }
      return v
    }) ?? 'null'
  }
}

function guardGetters(o: Record<string, unknown>): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined
  for (const k of Object.keys(o)) {
    try {
      void o[k]
    } catch (e) {
      copy ??= { ...Object.fromEntries(Object.keys(o).map((key) => [key, safeGet(o, key)])) }
      copy[k] = `[unreadable: ${(e as Error)?.message ?? e}]`
    }
  }
  return copy ?? o
}

function safeGet(o: Record<string, unknown>, k: string): unknown {
  try {
    return o[k]
  } catch {
    return undefined
  }
}

const byteLength = (s: string) => (s.length * 3 <= MAX_INVALID_VALUE ? s.length : Buffer.byteLength(s))

/** Replaces each value whose JSON is over `limit` bytes with a note. */
export function capValues(values: unknown[], limit = MAX_INVALID_VALUE): unknown[] {
  return values.map((v) => {
    const size = byteLength(safeStringify(v))
    return size > limit ? notKept(size, limit) : v
  })
}

/** Keys whose members are free-form (`params.x`, `values[i]`, `props.x`): any may become a note without breaking the schema. */
const FREE_MEMBERS = new Set(['params', 'values', 'props'])

/**
 * Serialises an event as one line of at most `limit` bytes: if it is larger, the
 * largest free-form values (and long strings, truncated) are replaced until it fits.
 */
export function serializeEvent(event: object, limit = MAX_EVENT): { line: string; capped: boolean } {
  const line = safeStringify(event)
  if (line.length <= limit / 3 || Buffer.byteLength(line) <= limit) return { line, capped: false }
  const tree = JSON.parse(line) as Record<string, unknown>
  const parents = new Map<object, object>()
  const candidates: { holder: Record<string, unknown> | unknown[]; key: string | number; size: number; depth: number }[] = []
  // Sizes bottom-up in one walk; a candidate is a string anywhere, or a free-form value (and anything inside one).
  const walk = (v: unknown, free: boolean, depth: number, holder: Record<string, unknown> | unknown[], key: string | number): number => {
    let size: number
    const inner = free || FREE_MEMBERS.has(String(key))
    if (v !== null && typeof v === 'object') parents.set(v, holder)
    if (typeof v === 'string') size = Buffer.byteLength(v) + 2
    else if (v === null || typeof v !== 'object') size = String(v).length
    else if (Array.isArray(v)) size = v.reduce((n: number, x, i) => n + walk(x, inner, depth + 1, v, i) + 1, 1)
    else size = Object.entries(v).reduce((n, [k, x]) => n + k.length + 4 + walk(x, inner, depth + 1, v as Record<string, unknown>, k), 1)
    if ((typeof v === 'string' || (free && typeof v === 'object' && v !== null)) && size > 256) candidates.push({ holder, key, size, depth })
    return size
  }
  for (const [k, v] of Object.entries(tree)) if (!['v', 'tx', 'at', 'type'].includes(k)) walk(v, k === 'value', 1, tree, k)
  candidates.sort((a, b) => b.size - a.size || a.depth - b.depth)
  let total = Buffer.byteLength(line)
  const replaced = new Set<object>()
  // A value inside one already replaced is gone with it.
  const underReplaced = (h: object | undefined): boolean => {
    for (; h; h = parents.get(h)) if (replaced.has(h)) return true
    return false
  }
  for (const c of candidates) {
    if (total <= limit) break
    const current = (c.holder as Record<string | number, unknown>)[c.key]
    if (underReplaced(c.holder)) continue
    const note = notKept(c.size, limit)
    ;(c.holder as Record<string | number, unknown>)[c.key] = note
    if (current !== null && typeof current === 'object') replaced.add(current)
    total -= c.size - (note.length + 2)
  }
  return { line: JSON.stringify(tree), capped: true }
}
