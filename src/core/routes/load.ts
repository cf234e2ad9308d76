// The host's side of an Interval entry file: compile it, let a worker run its
// top-level code and report the routes; when it names a routesDirectory,
// compile that folder's files and ask again with them.
import type { CompileCache } from '../loader/cache'
import { bundlePath, type CompiledAction } from '../loader/compile'
import { inspectInWorker } from '../runtime/inspect'
import type { IntervalData, RouteModule } from '../runtime/workerMessages'
import { routeFiles } from './directory'
import type { RouteInfo } from './routeInfo'

export interface EntryRoutes {
  routes: RouteInfo[]
  routesDirectory?: string
  /** Every file the routes were built from (the entry, its imports, the routesDirectory's files and theirs): a change to any of them reloads the entry. */
  inputs: string[]
}

/** Compiles every file of a routesDirectory; one that does not compile carries its error to the route it would have been. */
export async function compileRoutesDirectory(compiler: CompileCache, dir: string): Promise<{ modules: Record<string, RouteModule>; compiled: CompiledAction[] }> {
  const modules: Record<string, RouteModule> = {}
  const compiled: CompiledAction[] = []
  await Promise.all(
    routeFiles(dir).map(async (file) => {
      try {
        const c = await compiler.get(file)
        compiled.push(c)
        modules[file] = { code: c.code, bundleFile: bundlePath(file) }
      } catch (e) {
        modules[file] = { error: (e as Error).message }
      }
    }),
  )
  return { modules, compiled }
}

export async function loadEntryRoutes(workerPath: string, compiler: CompileCache, file: string): Promise<EntryRoutes> {
  const entry = await compiler.get(file)
  const base = { mode: 'inspect' as const, code: entry.code, bundleFile: bundlePath(file) }
  let m = await inspectInWorker(workerPath, { ...base, interval: {} })
  const inputs = new Set(Object.keys(entry.inputs))
  if (m.type === 'needsRoutesDirectory') {
    const { modules, compiled } = await compileRoutesDirectory(compiler, m.dir)
    for (const c of compiled) for (const f of Object.keys(c.inputs)) inputs.add(f)
    m = await inspectInWorker(workerPath, { ...base, interval: { modules } })
  }
  if (m.type !== 'routes') throw new Error(`Inspection answered ${m.type} for an Interval entry file.`)
  return { routes: m.routes, routesDirectory: m.routesDirectory, inputs: [...inputs] }
}

/** What a transaction of one route needs: the entry compiled, the route's slug, and the routesDirectory's files. */
export async function prepareRoute(compiler: CompileCache, file: string, route: string, routesDirectory?: string): Promise<{ compiled: CompiledAction; interval: IntervalData }> {
  const [compiled, dir] = await Promise.all([compiler.get(file), routesDirectory ? compileRoutesDirectory(compiler, routesDirectory) : undefined])
  return { compiled, interval: { route, ...(dir ? { modules: dir.modules } : {}) } }
}
