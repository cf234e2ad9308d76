// What action files import as `mini-interval` (and as `@interval/sdk`, so
// existing Interval code runs unchanged). Resolved inside the worker to this
// module; the user installs nothing.
import { forwarder } from '../core/runtime/current'

export { Action, defineAction } from '../core/runtime/definition'
export type { ActionConfig, Handler } from '../core/runtime/definition'
export { IOError, IntervalError } from '../core/runtime/errors'
export { TerminalError } from '../core/durable/steps'
export type { IO, IOPromise } from '../core/runtime/io'
export type { ActionCtx } from '../core/runtime/ctx'
export { Page, Layout } from '../core/routes/page'
export type { PageConfig, LayoutConfig, RouteDefinition } from '../core/routes/page'
export type { IntervalConfig, IntervalErrorProps } from '../core/routes/app'
export { Interval, ExperimentalInterval } from './interval'
/** `import Interval from '@interval/sdk'`, Interval's default export. */
export { Interval as default } from './interval'

/** The running transaction's `io`, for code that imports it instead of taking the handler's argument. */
export const io = forwarder('io')
/** The running transaction's `ctx`. */
export const ctx = forwarder('ctx')
