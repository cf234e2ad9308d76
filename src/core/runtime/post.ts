// Every message the worker posts passes here: one that is too large or cannot
// be copied to the host never crashes or stalls it. Screens and answers to the
// panel's requests fail the io call that made them (RENDER_ERROR, which the
// action may catch); anything else becomes the transaction's error.
import { IOError } from './errors'
import type { WorkerToHost } from './workerMessages'

const MB = 1024 * 1024
/** Screens carry images and videos as data: URLs, so they may be larger than other messages. */
const SCREEN_LIMIT = 10 * MB
/** Results, logs, errors: their values are already capped at about 1 MB by toJsonSafe. */
const MESSAGE_LIMIT = 2 * MB

type Type = WorkerToHost['type']
/** Table rows and search results never reach the log; they are checked only for being copyable. */
const UNCAPPED = new Set<Type>(['tableData', 'tableRows', 'searchResults'])
const SCREENS = new Set<Type>(['render', 'display', 'update', 'accepted', 'invalid'])
/** Messages whose failure belongs to an io call: the call rejects. */
const THROWS = new Set<Type>([...UNCAPPED, ...SCREENS])

/** Whether `value` as JSON would exceed `limit` characters; stops counting once it does. */
export function jsonLongerThan(value: unknown, limit: number): boolean {
  let left = limit
  const walk = (v: unknown): void => {
    if (left < 0) return
    if (typeof v === 'string') left -= v.length + 2
    else if (v === null || typeof v !== 'object') left -= 8
    else if (Array.isArray(v)) {
      left -= 2
      for (let i = 0; i < v.length && left >= 0; i++) walk(v[i])
    } else {
      left -= 2
      for (const k in v) {
        if (left < 0) return
        left -= k.length + 4
        walk((v as Record<string, unknown>)[k])
      }
    }
  }
  walk(value)
  return left < 0
}

function tooLarge(m: WorkerToHost): string | undefined {
  if (UNCAPPED.has(m.type)) return undefined
  const limit = SCREENS.has(m.type) ? SCREEN_LIMIT : MESSAGE_LIMIT
  try {
    return jsonLongerThan(m, limit) ? `it is larger than ${limit / MB} MB` : undefined
  } catch (e) {
    return `it cannot be read (${e instanceof Error ? e.message : String(e)})` // a getter that throws
  }
}

export function guardedPost(raw: (m: WorkerToHost) => void): (m: WorkerToHost) => void {
  /** Posts; says why not if it cannot. */
  const send = (m: WorkerToHost): string | undefined => {
    try {
      raw(m)
    } catch (e) {
      return `it cannot be copied to the host (${e instanceof Error ? e.message : String(e)})`
    }
  }
  return (m) => {
    const problem = tooLarge(m) ?? send(m)
    if (problem === undefined) return
    const what = m.type === 'render' || m.type === 'display' || m.type === 'update' ? 'screen' : `"${m.type}" message`
    if (THROWS.has(m.type)) throw new IOError('RENDER_ERROR', `The ${what} could not be shown: ${problem}.`)
    raw({ type: 'error', error: { name: 'WorkerProtocolError', message: `The action's ${what} could not be sent: ${problem}.` } })
  }
}
