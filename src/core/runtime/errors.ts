export type IOErrorKind = 'CANCELED' | 'TRANSACTION_CLOSED' | 'BAD_RESPONSE' | 'RESPONSE_HANDLER_ERROR' | 'RENDER_ERROR'

/** Interval's error for io calls that cannot complete. */
export class IOError extends Error {
  override name = 'IOError'
  constructor(
    readonly kind: IOErrorKind,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super(message ?? kind, options)
  }
}

/** Interval's error for misuse of the SDK (module-level io outside a handler and the like). */
export class IntervalError extends Error {
  override name = 'IntervalError'
}
