// One route of an Interval entry file as inspection reports it to the host:
// an action or a page at its full slug (`parent/child`), or the reason it is broken.
import * as z from 'zod'
import { lazySchemas } from '../lazySchemas'
import { accessSchema } from '../protocol/access'
// Built on first use (core/lazySchemas.ts).
export const { routeInfoSchema } = lazySchemas(() => {

  const routeInfoSchema = z.object({
    slug: z.string(),
    kind: z.enum(['action', 'page']),
    /** The action's `name`, else the last slug segment; a page's `name`. */
    name: z.string(),
    description: z.string().optional(),
    unlisted: z.boolean(),
    backgroundable: z.boolean(),
    warnOnClose: z.boolean(),
    /** A page with a handler has a screen of its own. */
    hasHandler: z.boolean(),
    /** Interval's `access`: its own, else its page's. */
    access: accessSchema.optional(),
    /** The file that defines it, for routes found in a routesDirectory. */
    file: z.string().optional(),
    /** Why this route cannot be run (an invalid slug, not an Action or Page, a file that failed to load). */
    error: z.string().optional(),
  })
  return { routeInfoSchema }
})

export type RouteInfo = z.infer<typeof routeInfoSchema>
