// What `import … from 'mini-interval'` (and '@interval/sdk') declares: the
// source of types/mini-interval/index.d.ts (scripts/types.mjs). Types only:
// the runtime is src/sdk.
import type { Ctx } from './ctx'
import type { IO } from './io'

export * from './app'
export type * from './ctx'
export type * from './io'

/** The running transaction's `io`, for code outside the handler's arguments (helpers, Interval-style modules). */
export declare const io: IO
/** The running transaction's `ctx`. */
export declare const ctx: Ctx
/** `ctx`'s type under Interval's name. */
export type ActionCtx = Ctx

export type IOErrorKind = 'CANCELED' | 'TRANSACTION_CLOSED' | 'BAD_RESPONSE' | 'RESPONSE_HANDLER_ERROR' | 'RENDER_ERROR'
/** What a pending `await io.…` rejects with: `CANCELED` when the person cancels, `TRANSACTION_CLOSED` after the end. */
export declare class IOError extends Error {
  constructor(kind: IOErrorKind, message?: string, options?: { cause?: unknown })
  readonly kind: IOErrorKind
}

/** Thrown from a `ctx.run` step to fail it at once: it is not retried. */
export declare class TerminalError extends Error {}

/** Interval's error for misuse of the SDK (module-level `io` outside a handler and the like). */
export declare class IntervalError extends Error {}

export { Interval as default } from './app'
