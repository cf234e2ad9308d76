// The transaction running in this worker, for the module-level `io` and `ctx`
// that Interval code imports (`import { io, ctx } from '@interval/sdk'`).
import type { ActionCtx } from './ctx'
import type { IO } from './io'

let current: { io: IO; ctx: ActionCtx } | undefined

export function setCurrent(io: IO, ctx: ActionCtx): void {
  current = { io, ctx }
}

export function getCurrent(what: string): { io: IO; ctx: ActionCtx } {
  if (!current) throw new Error(`\`${what}\` can only be used while an action runs, inside its handler.`)
  return current
}

/** An object that forwards every property to the current transaction's `io` or `ctx`. */
export function forwarder<K extends 'io' | 'ctx'>(key: K): (K extends 'io' ? IO : ActionCtx) {
  return new Proxy({}, { get: (_t, prop) => Reflect.get(getCurrent(key)[key], prop) }) as K extends 'io' ? IO : ActionCtx
}
