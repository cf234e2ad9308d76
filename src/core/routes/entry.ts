// The worker's side of an Interval entry file: once the file has run, the app
// it constructed gives the routes. routesDirectory files are compiled by the
// host (the worker has no compiler) and evaluated here on demand.
import type { IntervalData } from '../runtime/workerMessages'
import { appRoutes, firstApp, routesDirectoryOf, type IntervalConfig } from './app'
import type { LoadedModule } from './directory'
import type { RouteTable } from './walk'

export type EntryRead =
  | { kind: 'routes'; table: RouteTable; dir?: string; config: IntervalConfig }
  | { kind: 'needsDirectory'; dir: string }
  | { kind: 'error'; message: string }

export function readEntry(entryFile: string, data: IntervalData, evaluate: (code: string, bundleFile: string) => unknown): EntryRead {
  const app = firstApp()
  if (!app) return { kind: 'error', message: 'This file imports the Interval SDK but constructed no `new Interval({ … })` when it was loaded.' }
  const dir = routesDirectoryOf(app.config, entryFile)
  if (dir && !data.modules) return { kind: 'needsDirectory', dir }
  const load = (file: string): LoadedModule => {
    const m = data.modules?.[file]
    if (!m) return { error: `${file} was added after the routes were read; refresh the Actions view.` }
    if ('error' in m) return m
    try {
      return { exports: evaluate(m.code, m.bundleFile) }
    } catch (e) {
      return { error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) }
    }
  }
  return { kind: 'routes', table: appRoutes(app.config, dir, load), dir, config: app.config }
}
