// Compiles what a transaction runs: an action file, a route of an Interval
// entry file (with its routesDirectory), or a workflow file (its DAG and step
// functions). One place for both shells.
import type { CompileCache } from '../loader/cache'
import type { CompiledAction } from '../loader/compile'
import { prepareRoute } from '../routes/load'
import type { TransactionOptions } from '../runtime/transaction'
import type { IntervalData } from '../runtime/workerMessages'
import { prepareWorkflow } from '../workflows/prepare'
import type { RunnableEntry } from './runnable'

export type Prepared = { compiled: CompiledAction; interval?: IntervalData; workflow?: TransactionOptions['workflow'] }

export interface PrepareDeps {
  compiler: CompileCache
  /** Whether a slug names an action (a workflow's human step) rather than a step function. */
  isAction(slug: string): boolean
  /** How many workflow steps run at once. */
  concurrency: number
}

export async function prepareRunnable(entry: RunnableEntry, id: string, deps: PrepareDeps): Promise<Prepared> {
  if (entry.workflow) {
    const p = await prepareWorkflow(entry.file.file, id, { compile: (f) => deps.compiler.get(f), isAction: deps.isAction, concurrency: deps.concurrency })
    return { compiled: p.compiled, workflow: { data: p.data, started: p.started } }
  }
  if (entry.route?.kind === 'page' && !entry.route.hasHandler) throw new Error(`"${entry.slug}" is a page without a handler: it has no screen of its own.`)
  // A route runs from its Interval entry file, with the routesDirectory's files compiled beside it.
  return entry.route
    ? prepareRoute(deps.compiler, entry.file.file, entry.slug, entry.route.routesDirectory)
    : { compiled: await deps.compiler.get(entry.file.file), interval: undefined }
}
