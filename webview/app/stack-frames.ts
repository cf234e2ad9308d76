// Stack lines split into plain text and source locations. A location is
// linkable only when it points at a file of the person's (an absolute path or
// file:// URL with line and column): not node: internals, not the bundled
// worker, not dependencies. The host still checks the file before opening it.

export interface SourceLocation { file: string; line: number; column?: number }
/** One stack line: `before` + the location text (`where`) + `after`; `source` when linkable. */
export interface StackLine { before: string; where: string; after: string; source?: SourceLocation }

// "(location)" at the end of a V8 frame, or "at location" without a function name.
const FRAME = /^(\s*at\s+(?:.*?\()?)([^()\s][^()]*?):(\d+)(?::(\d+))?(\)?\s*)$/

/** file:///C:/x%20y.ts → C:/x y.ts; file:///home/a.ts → /home/a.ts; absolute paths stay. Otherwise null. */
export function userFilePath(where: string): string | null {
  let path = where
  if (/^file:\/\//i.test(where)) {
    try {
      path = decodeURIComponent(new URL(where).pathname)
    } catch {
      return null
    }
    if (/^\/[A-Za-z]:\//.test(path)) path = path.slice(1)
  } else if (/^[a-z][a-z0-9+.-]*:(?![\\/])/i.test(where)) {
    return null // node:internal/…, webpack:…, and other schemes
  }
  const absolute = path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\')
  if (!absolute) return null
  const slashed = path.replace(/\\/g, '/')
  if (/\/node_modules\//.test(slashed) || /(^|\/)dist\/worker\.js$/.test(slashed)) return null
  return path
}

export function parseStack(stack: string): StackLine[] {
  return stack.split('\n').map((text) => {
    const m = FRAME.exec(text)
    if (!m) return { before: text, where: '', after: '' }
    const [, before, where, line, column, after] = m as unknown as [string, string, string, string, string | undefined, string]
    const file = userFilePath(where)
    const loc = `${where}:${line}${column ? `:${column}` : ''}`
    if (!file || Number(line) < 1) return { before: text, where: '', after: '' }
    return { before, where: loc, after, source: { file, line: Number(line), ...(column ? { column: Number(column) } : {}) } }
  })
}
