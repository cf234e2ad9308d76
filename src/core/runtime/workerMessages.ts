// Messages between the host and a transaction's worker thread. The worker runs
// workspace code, so the host parses what it sends like any other input.
import * as z from 'zod'
import { componentSchema, errorInfoSchema, loadingSchema, userSchema } from '../protocol'

export interface WorkerData {
  mode: 'run' | 'inspect'
  code: string
  /** The name the bundle is evaluated under (beside the action file). */
  bundleFile: string
  tx?: { id: string; slug: string; params: Record<string, unknown>; user: z.infer<typeof userSchema> }
}

export const workerToHostSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('meta'), name: z.string().optional(), description: z.string().optional() }),
  z.object({ type: z.literal('render'), seq: z.number().int(), components: z.array(componentSchema).min(1) }),
  z.object({ type: z.literal('display'), seq: z.number().int(), components: z.array(componentSchema).min(1) }),
  z.object({ type: z.literal('log'), message: z.string() }),
  z.object({ type: z.literal('loading'), state: loadingSchema.nullable() }),
  z.object({ type: z.literal('notify'), message: z.string(), title: z.string().optional() }),
  z.object({ type: z.literal('result'), value: z.unknown().optional() }),
  z.object({ type: z.literal('error'), error: errorInfoSchema }),
  z.object({ type: z.literal('canceled') }),
])
export type WorkerToHost = z.infer<typeof workerToHostSchema>

export type HostToWorker = { type: 'answer'; seq: number; values: unknown[] } | { type: 'cancel' }
