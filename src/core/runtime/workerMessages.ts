// Messages between the host and a transaction's worker thread. The worker runs
// workspace code, so the host parses what it sends like any other input.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import { routeInfoSchema } from '../routes/routeInfo'
import { accessSchema } from '../protocol/access'
import type { Journal } from '../durable/journal'
import type { WorkflowData } from '../workflows/run'
import { choiceSchema, componentSchema, divergenceSchema, errorInfoSchema, loadingSchema, redirectTargetSchema, searchResultSchema, tableRowsPayloadShape, tableRowsSchema, userSchema, type TableQuery } from '../protocol'

export interface WorkerData {
  /** 'key': only compute a singleton action's lock key for `tx.params`. */
  mode: 'run' | 'inspect' | 'key'
  code: string
  /** The name the bundle is evaluated under (beside the action file). */
  bundleFile: string
  /** The thread's memory limit, which it also checks itself (see memoryWatch.ts). */
  maxMemoryMb?: number
  tx?: { id: string; slug: string; params: Record<string, unknown>; user: z.infer<typeof userSchema>; environment: Environment }
  /** Set when the file is an Interval entry file (it constructs `new Interval({ … })`). */
  interval?: IntervalData
  /** A resumed transaction's journal: walked before anything new happens (durable/replay.ts). */
  replay?: Journal
  /** A workflow run: its definition; `code` is its step functions' module (or empty). */
  workflow?: WorkflowData
  /** Set when the host answers fresh ctx.now/ctx.random (durable/hostClock.ts): the worker posts `clock` and waits on it. */
  clock?: SharedArrayBuffer
}

export interface IntervalData {
  /** The route to run (mode 'run'). */
  route?: string
  /** The routesDirectory's files, compiled by the host, by source path; absent until the worker has named the directory. */
  modules?: Record<string, RouteModule>
}

/** One compiled routesDirectory file, or why it did not compile. */
export type RouteModule = { code: string; bundleFile: string } | { error: string }

/** `ctx.environment`: Interval's names; local runs are 'development' unless the shell says otherwise. */
/** Interval's 'production' and 'development', or a name of the team's own. */
export type Environment = string

/** ctx.notify's recipients: at most this many, each at most this long (a webhook URL with its token fits). */
export const NOTIFY_TO_MAX = 50
export const NOTIFY_TO_LENGTH = 2000

// Built on first use (core/lazySchemas.ts).
export const { workerToHostSchema } = lazySchemas(() => {
  const seq = z.number().int()
  const workerToHostSchema = z.discriminatedUnion('type', [
    /** What inspection reads from an action file; the booleans carry Interval's defaults. */
    z.object({
      type: z.literal('meta'), name: z.string().optional(), description: z.string().optional(),
      backgroundable: z.boolean(), unlisted: z.boolean(), warnOnClose: z.boolean(),
      /** One running instance: of the action (true), or per key (a function of the params, 'key'). */
      singleton: z.union([z.boolean(), z.literal('key')]).optional(),
      /** Interval's `access`: who `serve` lets run it. */
      access: accessSchema.optional(),
      /** Its declared schedules (core/schedules/spec.ts, already checked) and what a scheduled run does at a prompt. */
      schedules: z.array(z.object({ cron: z.string(), timezone: z.string(), params: z.record(z.string(), z.unknown()), notify: z.enum(['failure', 'always']).optional(), notifyTo: z.array(z.string()).optional() })).optional(),
      scheduleMode: z.enum(['fail', 'queue']).optional(),
    }),
    /** The key of a singleton action's lock for these params (mode 'key'). */
    z.object({ type: z.literal('singletonKey'), key: z.string() }),
    /** What inspection reads from an Interval entry file: every route, and the routesDirectory it loaded. */
    z.object({ type: z.literal('routes'), routes: z.array(routeInfoSchema), routesDirectory: z.string().optional() }),
    /** The entry file has a routesDirectory and the worker was given no compiled files for it: the host compiles them and asks again. */
    z.object({ type: z.literal('needsRoutesDirectory'), dir: z.string() }),
    z.object({ type: z.literal('render'), seq, components: z.array(componentSchema).min(1), choices: z.array(choiceSchema).optional(), hash: z.string().optional() }),
    z.object({ type: z.literal('display'), seq, components: z.array(componentSchema).min(1) }),
    /** A component already shown changed (a metadata value resolved). */
    z.object({ type: z.literal('update'), seq, index: z.number().int().nonnegative(), component: componentSchema }),
    /** The answer to `seq` passed the action's validators; the action continues. */
    z.object({
      type: z.literal('accepted'), seq, chosenRows: z.record(z.string(), tableRowsSchema).optional(),
      searched: z.record(z.string(), z.array(z.object({ query: z.string().nullable(), pos: z.number().int().nonnegative() }))).optional(),
    }),
    /** A ctx.run step's start or end (events.ts); the host acknowledges it with `journaled` once it is in the log. */
    z.object({
      type: z.literal('step'), seq, name: z.string().max(1000), phase: z.enum(['start', 'end']), attempt: z.number().int().positive(),
      ok: z.boolean().optional(), value: z.unknown().optional(), error: errorInfoSchema.optional(), final: z.boolean().optional(),
    }),
    /** A ctx.now() or ctx.random() value, to journal. */
    z.object({ type: z.literal('recorded'), seq, op: z.enum(['now', 'random']), value: z.number() }),
    /** A fresh ctx.now() or ctx.random() asked of the host (WorkerData.clock), which writes the value into the shared buffer. */
    z.object({ type: z.literal('clock'), seq, op: z.enum(['now', 'random']) }),
    /** A workflow step will not run (a dependency failed, or the run was canceled). */
    z.object({ type: z.literal('stepSkipped'), step: z.string(), status: z.enum(['skipped', 'canceled']), reason: z.string().optional() }),
    /** A workflow's human step: run action `slug` as transaction `id` (or wait for it, if it runs already) and answer `childResult`. */
    z.object({ type: z.literal('child'), requestId: z.number().int(), id: z.string().regex(/^[a-z0-9-]+$/).max(200), slug: z.string().max(1000), params: z.record(z.string(), z.unknown()) }),
    /** Replay met another call than the journal holds: the run stops. */
    z.object({ type: z.literal('diverged'), divergence: divergenceSchema }),
    /** The action's validators refused the answer to `seq`. */
    z.object({ type: z.literal('invalid'), seq, errors: z.array(z.string().nullable()), formError: z.string().optional() }),
    z.object({
      type: z.literal('searchResults'), seq, index: z.number().int(), requestId: z.number().int(),
      results: z.array(searchResultSchema), error: z.string().optional(),
    }),
    /** A table's or grid's rows (JSON text of TableRowsWire), once, before the screen that shows it. */
    z.object({ type: z.literal('tableData'), dataId: z.string(), ...tableRowsPayloadShape }),
    /** A page from getData, answering the webview's `tableQuery`. */
    z.object({
      type: z.literal('tableRows'), dataId: z.string(), requestId: z.number().int(), data: tableRowsSchema,
      totalRecords: z.number().int().nonnegative().optional(), error: z.string().optional(),
    }),
    /** Log lines (ctx.log and console output) in order, batched: 100,000 console.log calls are ~100 messages. */
    z.object({ type: z.literal('log'), messages: z.array(z.string()) }),
    /** ctx.redirect: the target is kept; the transaction ends `redirected` when the handler returns. */
    z.object({ type: z.literal('redirect'), target: redirectTargetSchema }),
    z.object({ type: z.literal('loading'), state: loadingSchema.nullable() }),
    /** ctx.notify; `to`: emails, team names or webhook URLs (absent: the run's own user). */
    z.object({ type: z.literal('notify'), message: z.string(), title: z.string().optional(), to: z.array(z.string().min(1).max(NOTIFY_TO_LENGTH)).min(1).max(NOTIFY_TO_MAX).optional() }),
    /**
     * ctx.enqueue, from inside its journaled step (ctx.ts): queue action `slug` as item `id`
     * (`<tx>-q<n>`, checked by the host); the host answers `enqueued` once its store has it.
     */
    z.object({
      type: z.literal('enqueue'), requestId: z.number().int(), id: z.string().regex(/^[a-z0-9-]+-q[1-9][0-9]*$/).max(300),
      slug: z.string().min(1).max(1000), params: z.record(z.string(), z.unknown()),
      assignee: z.string().min(1).max(320).optional(), team: z.string().min(1).max(200).optional(), title: z.string().max(1000).optional(),
    }),
    z.object({ type: z.literal('result'), value: z.unknown().optional() }),
    z.object({ type: z.literal('error'), error: errorInfoSchema }),
    z.object({ type: z.literal('canceled') }),
  ])
  return { workerToHostSchema }
})
export type WorkerToHost = z.infer<typeof workerToHostSchema>

export type HostToWorker =
  | { type: 'answer'; seq: number; values: unknown[]; choice?: string }
  | { type: 'search'; seq: number; index: number; requestId: number; query: string }
  | { type: 'tableQuery'; dataId: string; requestId: number; query: TableQuery }
  | { type: 'cancel' }
  /** The step or answer the worker posted last-but-unacknowledged is in the log: it may go on. */
  | { type: 'journaled' }
  /** How a human step's transaction ended: its result, or why it did not complete. */
  | { type: 'childResult'; requestId: number; ok: boolean; value?: unknown; error?: { name: string; message: string } }
  /** The host's store has the queued item of `enqueue` (ok), or refused it with `error` (an unknown action, say). */
  | { type: 'enqueued'; requestId: number; ok: boolean; error?: string }
