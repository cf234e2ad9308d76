// Makes an action's value JSON-safe for the log and the webview:
// Dates → ISO strings, bigints → strings, URLs → href, cycles cut.
export function toJsonSafe(value: unknown, seen = new WeakSet<object>()): unknown {
  switch (typeof value) {
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined
    case 'bigint':
      return value.toString()
    case 'number':
      return Number.isFinite(value) ? value : String(value)
    case 'string':
    case 'boolean':
      return value
  }
  if (value === null) return null
  const obj = value as object
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString()
  if (obj instanceof URL) return obj.href
  if (obj instanceof Error) return { name: obj.name, message: obj.message }
  if (ArrayBuffer.isView(obj)) return `<${obj.constructor.name} ${obj.byteLength} bytes>`
  if (seen.has(obj)) return '[Circular]'
  seen.add(obj)
  try {
    if (Array.isArray(obj)) return obj.map((v) => toJsonSafe(v, seen) ?? null)
    if (obj instanceof Map) return toJsonSafe(Object.fromEntries(obj), seen)
    if (obj instanceof Set) return toJsonSafe([...obj], seen)
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(obj)) {
      const safe = toJsonSafe(v, seen)
      if (safe !== undefined) out[k] = safe
    }
    return out
  } finally {
    seen.delete(obj)
  }
}

/** Error → the parts the UI shows: name, message, (source-mapped) stack and cause. */
export function errorInfo(e: unknown): { name: string; message: string; stack?: string; cause?: string } {
  if (e instanceof Error) {
    const cause = e.cause === undefined ? undefined : e.cause instanceof Error ? `${e.cause.name}: ${e.cause.message}` : String(e.cause)
    return { name: e.name, message: e.message, stack: e.stack, cause }
  }
  return { name: 'Error', message: typeof e === 'string' ? e : JSON.stringify(toJsonSafe(e)) ?? String(e) }
}
