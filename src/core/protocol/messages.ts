// Every message between the extension host and a transaction webview.
// Both sides import this module and parse what arrives; an invalid message is
// dropped with a logged reason.
import * as z from 'zod'
import { componentSchema } from './components'

export const TX_STATUSES = ['running', 'awaiting', 'completed', 'failed', 'canceled', 'interrupted'] as const
export type TxStatus = (typeof TX_STATUSES)[number]
export const isFinished = (s: TxStatus): boolean => s !== 'running' && s !== 'awaiting'

export const errorInfoSchema = z.object({
  name: z.string(),
  message: z.string(),
  stack: z.string().optional(),
  cause: z.string().optional(),
})
export type ErrorInfo = z.infer<typeof errorInfoSchema>

export const loadingSchema = z.object({
  label: z.string().optional(),
  description: z.string().optional(),
  itemsInQueue: z.number().int().nonnegative().optional(),
  itemsCompleted: z.number().int().nonnegative().optional(),
})
export type LoadingState = z.infer<typeof loadingSchema>

/** The screen waiting for an answer. `values`/`errors` are set when an answer was refused. */
export const promptSchema = z.object({
  seq: z.number().int().nonnegative(),
  components: z.array(componentSchema).min(1),
  values: z.array(z.unknown()).optional(),
  errors: z.array(z.string().nullable()).optional(),
})
export type Prompt = z.infer<typeof promptSchema>

/** Everything a transaction panel shows; the webview renders it and nothing else. */
export const txViewSchema = z.object({
  id: z.string(),
  action: z.object({ slug: z.string(), name: z.string(), description: z.string().optional() }),
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
})
export type TxView = z.infer<typeof txViewSchema>

export const userSchema = z.object({
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  role: z.string().optional(),
  teams: z.array(z.string()).optional(),
})
export type User = z.infer<typeof userSchema>

/** A finished (or interrupted) transaction as the read-only History view shows it. */
export const historyEntrySchema = z.object({
  id: z.string(),
  action: z.object({ slug: z.string(), name: z.string(), file: z.string().optional() }),
  status: z.enum(TX_STATUSES),
  user: userSchema,
  params: z.record(z.string(), z.unknown()),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** Each screen in order: displays have no values; prompts carry the accepted answer. */
  steps: z.array(z.object({ seq: z.number().int(), components: z.array(componentSchema), values: z.array(z.unknown()).optional() })),
  logs: z.array(z.string()),
  result: z.unknown().optional(),
  error: errorInfoSchema.optional(),
  /** Lines of the log file that could not be read, reported rather than hidden. */
  problems: z.array(z.string()).optional(),
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>

export const hostToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('state'), state: txViewSchema }),
  z.object({ type: z.literal('history'), entry: historyEntrySchema }),
])
export type HostToWebview = z.infer<typeof hostToWebviewSchema>

export const webviewToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('submit'), seq: z.number().int().nonnegative(), values: z.array(z.unknown()) }),
  z.object({ type: z.literal('cancel') }),
])
export type WebviewToHost = z.infer<typeof webviewToHostSchema>

/** Parses an incoming message; returns a readable reason instead of throwing. */
export function parseMessage<T>(schema: z.ZodType<T>, data: unknown): { ok: true; message: T } | { ok: false; reason: string } {
  const r = schema.safeParse(data)
  if (r.success) return { ok: true, message: r.data }
  return { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ') }
}
