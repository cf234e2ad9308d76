// The published types of actions, Pages, Layouts and the Interval class.
import type { Ctx } from './ctx'
import type { DisplayPromise, IO, MenuItem } from './io'

/** An action's body: `await io.…` for each question; what it returns is shown as the result. */
export type Handler = (io: IO, ctx: Ctx) => unknown

export interface ActionConfig {
  handler: Handler
  /** Shown in the Actions tree (default: the slug). */
  name?: string
  description?: string
  /** Keeps running when its tab closes; History reopens it. */
  backgroundable?: boolean
  /** Left out of the tree and the quick pick; links, redirects and row menus still start it. */
  unlisted?: boolean
  /** Asks before a running transaction's tab closes (default true). */
  warnOnClose?: boolean
  /** Accepted for Interval's sake; everyone may run every action locally. */
  access?: unknown
  /**
   * One running instance at a time, across every VS Code window on this machine: `true` for
   * the action, or a function of the params returning a key (one instance per key). Running it
   * again reveals the running transaction, or says which window holds it.
   */
  singleton?: boolean | ((params: Record<string, unknown>) => unknown)
  /**
   * Runs on a schedule, as its owner, with nobody at it: a cron (`'0 9 * * 1'`, UTC), or
   * `{ cron, timezone?, params?, notify?, notifyTo? }`, or a list of them. A run missed while
   * nothing was running runs once when it comes back (its latest time only).
   */
  schedule?: ScheduleDeclaration
  /**
   * What a scheduled run does at an io call that needs an answer: fail the run (`'fail'`, the
   * default), or wait there, queued in its owner's Inbox (`'queue'`).
   */
  scheduleMode?: 'fail' | 'queue'
}

/** One schedule of an action: a cron, or a cron with its time zone, params and whom to tell. */
export type ScheduleEntry =
  | string
  | {
      /** Five fields: minute hour day-of-month month day-of-week (`'30 9-17 * * 1-5'`: at half past each hour from 9 to 17, Monday to Friday). */
      cron: string
      /** An IANA time zone (`'Europe/Paris'`); UTC by default. */
      timezone?: string
      /** The params of each run (`ctx.params`). */
      params?: Record<string, unknown>
      /** Tell people when a run ends: on failure only, or always. */
      notify?: 'failure' | 'always'
      /** Whom to tell: emails, team names or webhook URLs; the owner by default. */
      notifyTo?: string[]
    }
export type ScheduleDeclaration = ScheduleEntry | ScheduleEntry[]

/** Interval's action: `new Action({ handler, … })` or `new Action(handler)`. */
export declare class Action implements ActionConfig {
  constructor(config: ActionConfig | Handler)
  handler: Handler
  name?: string
  description?: string
  backgroundable?: boolean
  unlisted?: boolean
  warnOnClose?: boolean
  access?: unknown
  singleton?: boolean | ((params: Record<string, unknown>) => unknown)
  schedule?: ScheduleDeclaration
  scheduleMode?: 'fail' | 'queue'
}

/** An action, for `export default` in an `*.action.ts` file. */
export declare function defineAction(config: ActionConfig | Handler): Action

/** A value, a promise of it, or a function returning either: Layout titles and descriptions. */
export type Lazy<T> = T | Promise<T> | (() => T | Promise<T>)

export interface LayoutConfig {
  title?: Lazy<string>
  description?: Lazy<string>
  /** Buttons that start actions (`route` + `params`) or open `url`s. */
  menuItems?: MenuItem[]
  /** `io.display.*` calls, shown in order. */
  children?: DisplayPromise[]
}

/** What a Page's handler returns: a read-only screen. */
export declare class Layout {
  constructor(config: LayoutConfig)
}

/** A Page's handler: `display` is `io.display`; `ctx.page` names the page. */
export type PageHandler = (display: IO['display'], ctx: Ctx & { readonly page: { slug: string } }) => Layout | Promise<Layout>

/** A route: an action (in any accepted shape) or a Page of more routes. */
export type Route = Action | Page | Handler | ActionConfig

export interface PageConfig {
  /** Shown as the group's name in the tree. */
  name: string
  description?: string
  unlisted?: boolean
  /** The actions and sub-pages under this page, by slug. */
  routes?: Record<string, Route>
  /** @deprecated Use `routes`. */
  actions?: Record<string, Route>
  /** @deprecated Use `routes` with Pages. */
  groups?: Record<string, Page>
  /** Opens a read-only screen when the page is clicked. */
  handler?: PageHandler
  access?: unknown
}

/** A group of actions and pages under a slug. */
export declare class Page {
  constructor(config: PageConfig)
  name: string
  description?: string
  unlisted?: boolean
  routes: Record<string, Route>
  handler?: PageHandler
  /** Adds a route under this page. */
  add(slug: string, route: Route): void
  /** Removes a route of this page. */
  remove(slug: string): void
}

export interface IntervalConfig {
  /** Ignored: there is no server. */
  apiKey?: string
  /** Ignored: there is no server. */
  endpoint?: string
  /** The actions and pages, by slug. */
  routes?: Record<string, Route>
  /** A folder whose files are actions and whose folders are pages. */
  routesDirectory?: string
  /** @deprecated Use `routes`. */
  actions?: Record<string, Route>
  /** @deprecated Use `routes` with Pages. */
  groups?: Record<string, Page>
  /** Ignored. */
  logLevel?: 'prod' | 'debug' | 'quiet' | (string & {})
  /** Called for each failed transaction. */
  onError?: (props: IntervalErrorProps) => void
  /** Connection options (`retryIntervalMs`, `pingIntervalMs`, …) are accepted and ignored. */
  [connectionOption: string]: unknown
}

export interface IntervalErrorProps {
  error: unknown
  /** The failed action's slug. */
  route: string
  routeDefinition: unknown
  params: Record<string, unknown>
  environment: string
  user: Ctx['user']
  organization: Ctx['organization']
}

/** An Interval app: in Mini Interval, a source of routes for the Actions tree. */
export declare class Interval {
  constructor(config: IntervalConfig)
  readonly config: IntervalConfig
  /** Accepted and ignored: there is no network; the actions run in VS Code. */
  listen(): Promise<void>
  /** Changes `config.routes`. */
  readonly routes: {
    add(slug: string, route: Route): void
    remove(slug: string): void
  }
  /** Always true: nothing to connect to. */
  readonly isConnected: boolean
  ping(): Promise<boolean>
  safelyClose(): Promise<void>
  immediatelyClose(): void
}
/** Interval's serverless app class; here the same as `Interval`. */
export declare class ExperimentalInterval extends Interval {
  /** Nothing to answer here: resolves false. */
  handleRequest(request: unknown): Promise<boolean>
}
