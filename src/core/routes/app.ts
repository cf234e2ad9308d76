// The Interval apps an entry file constructs. `new Interval({ … })` records its
// config here instead of connecting: in a worker the file is a source of routes.
import { dirname, isAbsolute, resolve } from 'node:path'
import type { ActionCtx } from '../runtime/ctx'
import type { RouteDefinition, Page } from './page'
import { loadRoutesDirectory, type LoadedModule } from './directory'
import { walkRoutes, type RouteTable } from './walk'

export interface IntervalErrorProps {
  error: unknown
  route: string
  routeDefinition: unknown
  params: Record<string, unknown>
  environment: string
  user: ActionCtx['user']
  organization: ActionCtx['organization']
}

/** The config Interval's constructor takes; connection options are accepted and ignored (there is no server). */
export interface IntervalConfig {
  apiKey?: string
  endpoint?: string
  routes?: Record<string, RouteDefinition>
  routesDirectory?: string
  /** Deprecated in Interval, still merged (before `routes`). */
  actions?: Record<string, RouteDefinition>
  groups?: Record<string, Page>
  logLevel?: string
  onError?: (props: IntervalErrorProps) => void
  [connectionOption: string]: unknown
}

const apps: { config: IntervalConfig }[] = []

export function recordApp(app: { config: IntervalConfig }): void {
  apps.push(app)
}

/** The first app the entry file constructed: the one whose routes it shows. */
export function firstApp(): { config: IntervalConfig } | undefined {
  return apps[0]
}

/** A routesDirectory as an absolute path; a relative one is taken from the entry file's folder. */
export function routesDirectoryOf(config: IntervalConfig, entryFile: string): string | undefined {
  const dir = config.routesDirectory
  if (typeof dir !== 'string' || !dir) return undefined
  return isAbsolute(dir) ? dir : resolve(dirname(entryFile), dir)
}

/** The app's routes in Interval's merge order: actions, groups, the routesDirectory, routes (later wins). */
export function appRoutes(config: IntervalConfig, dir: string | undefined, load: (file: string) => LoadedModule): RouteTable {
  const origins = new WeakMap<object, string>()
  const fileRoutes = dir ? loadRoutesDirectory(dir, load, origins) : {}
  return walkRoutes({ ...config.actions, ...config.groups, ...fileRoutes, ...config.routes }, origins)
}
