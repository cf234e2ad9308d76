// Interval's `access` on actions and pages: who may run them. Read from the
// definition by inspection (worker) and enforced by `serve` (a person's teams).
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'

// Built on first use (core/lazySchemas.ts).
export const { accessSchema } = lazySchemas(() => {
  const accessSchema = z.union([z.literal('entire-organization'), z.object({ teams: z.array(z.string()) })])
  return { accessSchema }
})

export type Access = z.infer<typeof accessSchema>

/** The definition's `access` as one of Interval's two shapes; anything else is refused (nobody but admins and developers), never widened. */
export function readAccess(value: unknown): Access | undefined {
  if (value === undefined || value === null) return undefined
  if (value === 'entire-organization') return value
  if (typeof value === 'object' && Array.isArray((value as { teams?: unknown }).teams)) {
    return { teams: ((value as { teams: unknown[] }).teams).filter((t): t is string => typeof t === 'string') }
  }
  return { teams: [] }
}
