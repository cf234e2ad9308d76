// Makes an action's value JSON-safe and bounded before it leaves the worker:
// Dates → ISO strings, bigints → strings, URLs → href, cycles cut, and long
// strings, long arrays, deep nesting and the total size capped, so no value an
// action returns or logs can exhaust the host (a 300 MB string, a sparse array
// of 200 million holes) or fail to be written as JSON.
import { cleanStack } from './stack'

export interface JsonLimits {
  /** Characters kept of one string. */
  maxString: number
  /** Items kept of one array, Set or Map, keys of one object. */
  maxItems: number
  maxDepth: number
  /** About the JSON characters of the whole value. */
  budget: number
}

export const JSON_LIMITS: JsonLimits = { maxString: 100_000, maxItems: 10_000, maxDepth: 32, budget: 1_000_000 }

export function cutString(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s
}

export function toJsonSafe(value: unknown, limits: Partial<JsonLimits> = {}): unknown {
  const l = { ...JSON_LIMITS, ...limits }
  // Table cells call this for every cell: primitives take no allocation.
  if (value === null || typeof value !== 'object') return primitive(value, l.maxString)
  return new Walker(l).walk(value, 0)
}

function primitive(value: unknown, maxString: number): unknown {
  switch (typeof value) {
    case 'string':
      return cutString(value, maxString)
    case 'bigint':
      return value.toString()
    case 'number':
      return Number.isFinite(value) ? value : String(value)
    case 'boolean':
      return value
    case 'object':
      return null
    default:
      return undefined // undefined, functions and symbols are left out, as JSON.stringify does
  }
}

class Walker {
  private left: number
  private readonly seen = new WeakSet<object>()

  constructor(private readonly l: JsonLimits) {
    this.left = l.budget
  }

  private get spent(): boolean {
    return this.left <= 0
  }

  walk(value: unknown, depth: number): unknown {
    if (value === null || typeof value !== 'object') {
      const out = primitive(value, Math.max(0, Math.min(this.l.maxString, this.left)))
      this.left -= typeof out === 'string' ? out.length + 2 : 6
      return out
    }
    const obj = value as object
    try {
      if (obj instanceof Date) return this.walk(Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString(), depth)
      if (obj instanceof URL) return this.walk(obj.href, depth)
      if (obj instanceof Error) return { name: this.walk(text(() => obj.name), depth), message: this.walk(text(() => obj.message), depth) }
      if (ArrayBuffer.isView(obj)) return `<${obj.constructor.name} ${obj.byteLength} bytes>`
      if (this.seen.has(obj)) return '[Circular]'
      if (depth >= this.l.maxDepth) return '… (nested too deep)'
      this.seen.add(obj)
      try {
        if (Array.isArray(obj)) return this.list(obj.length, (i) => obj[i], depth)
        if (obj instanceof Set) {
          const values = [...take(obj.values(), this.l.maxItems)]
          return this.list(obj.size, (i) => values[i], depth)
        }
        if (obj instanceof Map) {
          const entries = [...take(obj.entries(), this.l.maxItems)]
          return this.record(entries.map(([k]) => text(() => k)), obj.size, (i) => entries[i][1], depth, 'entries')
        }
        const keys = Object.keys(obj)
        return this.record(keys, keys.length, (i) => (obj as Record<string, unknown>)[keys[i]], depth, 'keys')
      } finally {
        this.seen.delete(obj)
      }
    } catch (e) {
      return `[unreadable: ${text(() => (e as Error).message)}]` // a throwing getter or a revoked Proxy
    }
  }

  /** Iterates only up to the cap: a sparse array of 200 million holes costs 10,000 steps. */
  private list(length: number, at: (i: number) => unknown, depth: number): unknown[] {
    const n = Math.min(length, this.l.maxItems)
    const out: unknown[] = []
    this.left -= 2
    for (let i = 0; i < n; i++) {
      if (this.spent) return [...out, `… (${length - i} more items: the value is larger than ${mb(this.l.budget)})`]
      out.push(this.walk(at(i), depth + 1) ?? null)
    }
    if (length > n) out.push(`… (${length - n} more items)`)
    return out
  }

  private record(keys: string[], size: number, at: (i: number) => unknown, depth: number, what: 'keys' | 'entries'): Record<string, unknown> {
    const n = Math.min(keys.length, this.l.maxItems)
    const out: Record<string, unknown> = {}
    this.left -= 2
    for (let i = 0; i < n; i++) {
      if (this.spent) {
        out['…'] = `${size - i} more ${what}: the value is larger than ${mb(this.l.budget)}`
        return out
      }
      const k = cutString(keys[i], 1000)
      this.left -= k.length + 3
      const v = this.walk(at(i), depth + 1)
      if (v !== undefined) out[k] = v
    }
    if (size > n) out['…'] = `${size - n} more ${what}`
    return out
  }
}

function* take<T>(it: IterableIterator<T>, n: number): Generator<T> {
  for (const v of it) {
    if (n-- <= 0) return
    yield v
  }
}

const mb = (chars: number): string => `${Math.round(chars / 1e6)} MB`

/** Any value as a string, even one whose getter or toString throws. */
function text(read: () => unknown): string {
  try {
    const v = read()
    if (typeof v === 'string') return v
    if (v === undefined) return ''
    if (typeof v === 'object' && v !== null) return JSON.stringify(toJsonSafe(v, { budget: 10_000 })) ?? String(v)
    return String(v)
  } catch (e) {
    return `[unreadable${e instanceof Error && typeof e.message === 'string' ? `: ${e.message}` : ''}]`
  }
}

export interface ErrorInfo {
  name: string
  message: string
  stack?: string
  cause?: string
}

/** Lengths kept of an error's parts: a message of 300 MB must not cross. */
const ERROR_LIMITS = { name: 200, message: 10_000, stack: 20_000, cause: 10_000 }

/**
 * Error → the parts the UI shows: name, message, stack and cause, each a
 * bounded string whatever the action put there (`e.name = 42`, a stack
 * object). `isOwnFrame` drops the runtime's stack frames, keeping the action's.
 */
export function errorInfo(e: unknown, isOwnFrame?: (frame: string) => boolean): ErrorInfo {
  if (e instanceof Error) {
    const err = e
    const cause = err.cause === undefined ? undefined : err.cause instanceof Error ? `${text(() => (err.cause as Error).name)}: ${text(() => (err.cause as Error).message)}` : text(() => err.cause)
    const stack = text(() => err.stack)
    return {
      name: cutString(text(() => err.name) || 'Error', ERROR_LIMITS.name),
      message: cutString(text(() => err.message), ERROR_LIMITS.message),
      ...(stack ? { stack: cutString(isOwnFrame ? cleanStack(stack, isOwnFrame) : stack, ERROR_LIMITS.stack) } : {}),
      ...(cause !== undefined ? { cause: cutString(cause, ERROR_LIMITS.cause) } : {}),
    }
  }
  return { name: 'Error', message: cutString(typeof e === 'string' ? e : text(() => e) || String(e), ERROR_LIMITS.message) }
}
