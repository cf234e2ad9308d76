// Every message between the extension host and a transaction webview.
// Both sides import this module and parse what arrives; an invalid message is
// dropped with a logged reason.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import { choiceSchema, componentSchema } from './wire'
import { tableQuerySchema, tableRowsPayloadShape, tableRowsSchema } from './table'

export const TX_STATUSES = ['running', 'awaiting', 'completed', 'failed', 'canceled', 'redirected', 'interrupted', 'diverged'] as const
export type TxStatus = (typeof TX_STATUSES)[number]
export const isFinished = (s: TxStatus): boolean => s !== 'running' && s !== 'awaiting'

// Built on first use (core/lazySchemas.ts).
export const { searchResultSchema, errorInfoSchema, redirectTargetSchema, endInfoSchema, loadingSchema, promptSchema, durableStepSchema, divergenceSchema, workflowStepSchema, workflowViewSchema, txViewSchema, userSchema, txTriggerSchema, historyEntrySchema, hostToWebviewSchema, webviewToHostSchema } = lazySchemas(() => {
  const imageSchema = z.object({ url: z.string(), alt: z.string().optional(), size: z.enum(['thumbnail', 'small', 'medium', 'large']).optional() })
  const searchResultSchema = z.object({ key: z.string(), label: z.string(), description: z.string().optional(), image: imageSchema.optional() })

  const errorInfoSchema = z.object({
    name: z.string(),
    message: z.string(),
    stack: z.string().optional(),
    cause: z.string().optional(),
  })

  /** Where ctx.redirect (or a link) goes: a web URL, or another action by route (slug) with params. */
  const redirectTargetSchema = z.object({
    url: z.string().optional(),
    route: z.string().optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })

  /** How a transaction ended, beyond its status: who canceled it, where it redirected to. */
  const endInfoSchema = z.object({
    canceledBy: z.string().optional(),
    redirect: redirectTargetSchema.optional(),
  })

  const loadingSchema = z.object({
    label: z.string().optional(),
    description: z.string().optional(),
    itemsInQueue: z.number().int().nonnegative().optional(),
    itemsCompleted: z.number().int().nonnegative().optional(),
  })

  /**
   * The screen waiting for an answer: one component, or a group. `choices`
   * replace the Submit button. `values`/`errors`/`formError` are set when an
   * answer was refused (by a check or the action's `.validate()`).
   */
  const promptSchema = z.object({
    seq: z.number().int().nonnegative(),
    components: z.array(componentSchema).min(1),
    choices: z.array(choiceSchema).optional(),
    values: z.array(z.unknown()).optional(),
    errors: z.array(z.string().nullable()).optional(),
    formError: z.string().optional(),
  })

  /** A `ctx.run` step: how many attempts it took, how long, and how it ended (absent while it runs). */
  const durableStepSchema = z.object({
    seq: z.number().int().nonnegative(),
    name: z.string(),
    status: z.enum(['running', 'succeeded', 'failed']),
    attempts: z.number().int().positive(),
    startedAt: z.string(),
    /** From the first attempt's start to the end, retry delays included. */
    durationMs: z.number().nonnegative().optional(),
    error: errorInfoSchema.optional(),
  })

  /** Why a resumed transaction stopped: at journal position `seq` the code made another call than the one answered before. */
  const divergenceSchema = z.object({
    seq: z.number().int().nonnegative(),
    /** What the journal holds there, as a person reads it: `io.input.text "Name"`. */
    expected: z.string(),
    /** What the code did instead. */
    actual: z.string(),
  })

  /** One step of a workflow run, as its graph node shows it. */
  const workflowStepSchema = z.object({
    id: z.string(),
    /** A step function's name, an action's slug (a human step), or absent (the simulated task). */
    action: z.string().optional(),
    /** Set when `action` is an action run as a transaction of its own: its id (History and its tab). */
    childTx: z.string().optional(),
    dependsOn: z.array(z.string()),
    /** Its dependency level: 0 has no dependencies (the graph's columns). */
    level: z.number().int().nonnegative(),
    status: z.enum(['pending', 'running', 'retrying', 'completed', 'failed', 'skipped', 'canceled']),
    /** The attempt running or last run (0 before the first), of `maxAttempts`. */
    attempt: z.number().int().nonnegative(),
    maxAttempts: z.number().int().positive(),
    startedAt: z.string().optional(),
    endedAt: z.string().optional(),
    result: z.unknown().optional(),
    error: errorInfoSchema.optional(),
    /** Why it was skipped or canceled. */
    reason: z.string().optional(),
    /** Its own log lines (what its step function logged). */
    logs: z.array(z.string()),
  })
  const workflowViewSchema = z.object({ steps: z.array(workflowStepSchema) })

  /** Everything a transaction panel shows; the webview renders it and nothing else. */
  const txViewSchema = z.object({
    id: z.string(),
    action: z.object({ slug: z.string(), name: z.string(), description: z.string().optional(), page: z.boolean().optional() }),
    status: z.enum(TX_STATUSES),
    startedAt: z.string(),
    endedAt: z.string().optional(),
    feed: z.array(componentSchema),
    prompt: promptSchema.optional(),
    loading: loadingSchema.optional(),
    logs: z.array(z.string()),
    /** JSON-safe copy of the handler's return value (`undefined` → absent). */
    result: z.unknown().optional(),
    error: errorInfoSchema.optional(),
    end: endInfoSchema.optional(),
    /** The ctx.run step running now (its name is shown while it works). */
    step: z.object({ name: z.string(), attempt: z.number().int().positive() }).optional(),
    /** How many times the transaction was resumed after its window reloaded or crashed. */
    resumed: z.number().int().positive().optional(),
    /** Set when status is 'diverged'. */
    divergence: divergenceSchema.optional(),
    /** The action's code changed since the transaction started: it waits for the person to resume with the new code, restart, or cancel. */
    codeChanged: z.boolean().optional(),
    /** What was typed into the waiting screen and not sent, kept by the host: a resumed run's new tab starts from it. */
    draft: z.object({ seq: z.number().int().nonnegative(), values: z.array(z.unknown()) }).optional(),
    /** Set for a workflow run: its DAG with each step's state (drawn as a graph). */
    workflow: workflowViewSchema.optional(),
  })

  const userSchema = z.object({
    email: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    role: z.string().optional(),
    teams: z.array(z.string()).optional(),
  })

  /**
   * What started a run that nobody clicked Run for: a schedule at its time, or a
   * person opening an item of their Inbox. Recorded in its `started` event, so
   * History can mark scheduled and queued runs.
   */
  const txTriggerSchema = z.discriminatedUnion('kind', [
    /** `schedule`: the schedule's id; `scheduledFor`: the minute it was due (ISO), not when it ran. */
    z.object({ kind: z.literal('schedule'), schedule: z.string().max(1000), scheduledFor: z.string().max(100) }),
    /** `item`: the queued action's id (core/queue). */
    z.object({ kind: z.literal('queue'), item: z.string().max(1000) }),
  ])

  /** A finished (or interrupted) transaction as the read-only History view shows it. */
  const historyEntrySchema = z.object({
    id: z.string(),
    action: z.object({ slug: z.string(), name: z.string(), file: z.string().optional() }),
    status: z.enum(TX_STATUSES),
    user: userSchema,
    params: z.record(z.string(), z.unknown()),
    startedAt: z.string(),
    endedAt: z.string().optional(),
    /** Each screen in order: displays have no values; prompts carry the accepted answer. */
    steps: z.array(
      z.object({
        seq: z.number().int(), components: z.array(componentSchema), values: z.array(z.unknown()).optional(), choice: z.string().optional(),
        /** The cells of the rows chosen in each io.select.table of the screen (by component index), as they were shown. */
        chosenRows: z.record(z.string(), tableRowsSchema).optional(),
        /** Who answered, and when (recorded where several people share a server). */
        by: z.string().optional(),
        at: z.string().optional(),
      }),
    ),
    logs: z.array(z.string()),
    /** Log lines left out of `logs` because the transaction logged more than history keeps. */
    logsOmitted: z.number().int().nonnegative().optional(),
    /** ctx.loading states in order, with when each was set: the progress milestones. */
    progress: z.array(loadingSchema.extend({ at: z.string() })).optional(),
    result: z.unknown().optional(),
    error: errorInfoSchema.optional(),
    end: endInfoSchema.optional(),
    /** Lines of the log file that could not be read, reported rather than hidden. */
    problems: z.array(z.string()).optional(),
    /** The ctx.run steps in order, with attempts and durations. */
    durableSteps: z.array(durableStepSchema).optional(),
    resumed: z.number().int().positive().optional(),
    divergence: divergenceSchema.optional(),
    workflow: workflowViewSchema.optional(),
    /** Started by a schedule or from an Inbox (absent: someone ran it, or an older log). */
    trigger: txTriggerSchema.optional(),
  })

  const hostToWebviewSchema = z.discriminatedUnion('type', [
    /** `trace`: the host times this screen (miniInterval.trace): the webview answers with a `trace` message once it is painted. */
    z.object({ type: z.literal('state'), state: txViewSchema, trace: z.literal(true).optional() }),
    z.object({ type: z.literal('history'), entry: historyEntrySchema }),
    /** Answers a `search` request; the webview keeps only the newest request's results. */
    z.object({
      type: z.literal('searchResults'),
      seq: z.number().int(),
      index: z.number().int().nonnegative(),
      requestId: z.number().int(),
      results: z.array(searchResultSchema),
      error: z.string().optional(),
    }),
    /** The rows of a table or grid (`props.dataId`), sent once (see TableRowsPayload); the webview's table store decodes and checks them. */
    z.object({ type: z.literal('tableData'), dataId: z.string(), ...tableRowsPayloadShape }),
    /** A page for a table or grid with getData; the webview keeps only the newest request's page. */
    z.object({
      type: z.literal('tableRows'),
      dataId: z.string(),
      requestId: z.number().int(),
      data: tableRowsSchema,
      totalRecords: z.number().int().nonnegative().optional(),
      error: z.string().optional(),
    }),
  ])

  const webviewToHostSchema = z.discriminatedUnion('type', [
    z.object({ type: z.literal('ready') }),
    z.object({
      type: z.literal('submit'),
      seq: z.number().int().nonnegative(),
      values: z.array(z.unknown()),
      /** The value of the choice button pressed, when the screen has choices. */
      choice: z.string().optional(),
      /** When tracing: the moment of the Enter or click, and of this message's sending (epoch ms, the trace's clock). */
      at: z.number().finite().optional(),
      sentAt: z.number().finite().optional(),
    }),
    z.object({ type: z.literal('cancel') }),
    /** The person typed into an io.search: the action's onSearch is called with the query. */
    z.object({
      type: z.literal('search'),
      seq: z.number().int().nonnegative(),
      index: z.number().int().nonnegative(),
      requestId: z.number().int(),
      query: z.string().max(10_000),
    }),
    /** A link or menu item: an external URL, or another action (`route` = its slug) with params. */
    z.object({
      type: z.literal('open'),
      url: z.string().optional(),
      route: z.string().optional(),
      params: z.record(z.string(), z.unknown()).optional(),
    }),
    /** A table or grid with getData needs a page. */
    z.object({ type: z.literal('tableQuery'), dataId: z.string(), requestId: z.number().int(), query: tableQuerySchema }),
    /** Text for the clipboard (a table row's details): the host writes it, as webviews cannot be relied on to. */
    z.object({ type: z.literal('copy'), text: z.string().max(1_000_000) }),
    /** A stack frame was clicked: open that source file at that line (the host checks the file is the user's). */
    z.object({ type: z.literal('openSource'), file: z.string().max(4096), line: z.number().int().positive(), column: z.number().int().nonnegative().optional() }),
    /** History detail buttons: run the action again with the same params, delete this entry, export it. */
    z.object({ type: z.literal('rerun') }),
    /** History detail (VS Code): queue this action with this run's params in an Inbox (Queue Action…). */
    z.object({ type: z.literal('queue') }),
    /** The code changed since the transaction started: resume it with the new code (Restart is `rerun`, Cancel is `cancel`). */
    z.object({ type: z.literal('resume') }),
    /** A workflow's human step was clicked: show that step's own transaction (its tab, or its History entry). */
    z.object({ type: z.literal('showTransaction'), id: z.string().regex(/^[a-z0-9-]+$/).max(200) }),
    /** What is typed into screen `seq` so far (files left out): kept by the host so a reload or crash does not lose it. */
    z.object({ type: z.literal('draft'), seq: z.number().int().nonnegative(), values: z.array(z.unknown()).max(1000) }),
    z.object({ type: z.literal('delete') }),
    z.object({ type: z.literal('export'), format: z.enum(['json', 'csv']) }),
    /** When tracing: the webview's hops for a screen the host asked to time (received, rendered, painted). */
    z.object({
      type: z.literal('trace'),
      seq: z.number().int().nonnegative().optional(),
      hops: z.array(z.object({ name: z.enum(['received', 'rendered', 'painted']), t: z.number().finite() })).max(3),
      /** The first screen of a page: when the page began loading, its bundle arrived, and it said it was ready. */
      page: z.object({ start: z.number().finite(), bundle: z.number().finite(), ready: z.number().finite() }).optional(),
    }),
  ])
  return { searchResultSchema, errorInfoSchema, redirectTargetSchema, endInfoSchema, loadingSchema, promptSchema, durableStepSchema, divergenceSchema, workflowStepSchema, workflowViewSchema, txViewSchema, userSchema, txTriggerSchema, historyEntrySchema, hostToWebviewSchema, webviewToHostSchema }
})

export type ErrorInfo = z.infer<typeof errorInfoSchema>
export type RedirectTarget = z.infer<typeof redirectTargetSchema>
export type LoadingState = z.infer<typeof loadingSchema>
export type Prompt = z.infer<typeof promptSchema>
export type DurableStep = z.infer<typeof durableStepSchema>
export type Divergence = z.infer<typeof divergenceSchema>
export type WorkflowStepView = z.infer<typeof workflowStepSchema>
export type WorkflowView = z.infer<typeof workflowViewSchema>
export type TxView = z.infer<typeof txViewSchema>
export type User = z.infer<typeof userSchema>
export type TxTrigger = z.infer<typeof txTriggerSchema>
export type HistoryEntry = z.infer<typeof historyEntrySchema>
export type HostToWebview = z.infer<typeof hostToWebviewSchema>
export type WebviewToHost = z.infer<typeof webviewToHostSchema>

/** Parses an incoming message; returns a readable reason instead of throwing. */
export function parseMessage<T>(schema: z.ZodType<T>, data: unknown): { ok: true; message: T } | { ok: false; reason: string } {
  const r = schema.safeParse(data)
  if (r.success) return { ok: true, message: r.data }
  return { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ') }
}
