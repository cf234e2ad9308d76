// Interval's `Page` (also exported as `ActionGroup` and `Router`) and the
// `Layout` a page's handler returns. A page groups routes under its slug.
import type { ActionConfig, Handler } from '../runtime/definition'
import type { ActionCtx } from '../runtime/ctx'
import type { IO } from '../runtime/io'

/** What may stand at a route: an action (any of Interval's forms) or a page. */
export type RouteDefinition = ActionConfig | Handler | Page

/** A value, a promise of it, or a function returning either: Layout titles and descriptions. */
export type EventualValue<T> = T | Promise<T> | (() => T) | (() => Promise<T>)

export interface LayoutConfig {
  title?: EventualValue<string>
  description?: EventualValue<string>
  /** `io.display.*` calls, shown read-only. */
  children?: unknown[]
  /** Buttons: `{ label, route, params? }` or `{ label, url }`. */
  menuItems?: { label: string; route?: string; params?: Record<string, unknown>; url?: string; theme?: 'default' | 'primary' | 'secondary' | 'danger'; disabled?: boolean }[]
}

/** Interval's `Layout` (its `BasicLayout`). */
export class Layout {
  title?: LayoutConfig['title']
  description?: LayoutConfig['description']
  children?: LayoutConfig['children']
  menuItems?: LayoutConfig['menuItems']
  errors: unknown[] = []
  constructor(config: LayoutConfig) {
    this.title = config.title
    this.description = config.description
    this.children = config.children
    this.menuItems = config.menuItems
  }
}

export type PageHandler = (display: IO['display'], ctx: ActionCtx) => Layout | Promise<Layout>

export interface PageConfig {
  name: string
  description?: string
  unlisted?: boolean
  routes?: Record<string, RouteDefinition>
  /** Deprecated in Interval, still merged: `routes`, then `actions`, then `groups`. */
  actions?: Record<string, RouteDefinition>
  groups?: Record<string, Page>
  handler?: PageHandler
  access?: unknown
}

export class Page {
  name: string
  description?: string
  unlisted?: boolean
  routes: Record<string, RouteDefinition>
  handler?: PageHandler
  access?: unknown

  constructor(config: PageConfig) {
    this.name = config.name
    this.description = config.description
    this.unlisted = config.unlisted
    this.routes = { ...config.routes, ...config.actions, ...config.groups }
    this.handler = config.handler
    this.access = config.access
  }

  add(slug: string, route: RouteDefinition): void {
    this.routes[slug] = route
  }

  remove(slug: string): void {
    delete this.routes[slug]
  }
}
