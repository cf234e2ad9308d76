// Turns an Interval app's route definitions into its routes, as Interval's
// client walks them: pages recursively (`parent/child` slugs), every other
// value read as an action.
import { checkAction, type Handler } from '../runtime/definition'
import { slugProblem } from './names'
import { Page } from './page'
import type { RouteInfo } from './routeInfo'
import { readAccess, type Access } from '../protocol/access'

/** Stands at a route whose file could not be loaded (see directory.ts). */
export class RouteLoadError {
  constructor(
    readonly message: string,
    readonly file: string,
  ) {}
}

export interface RouteTable {
  routes: RouteInfo[]
  handlers: Map<string, Handler>
  /** Each action as it was given (for onError's routeDefinition). */
  definitions: Map<string, unknown>
  pages: Map<string, Page>
}

/** `origins` names the file each value came from (routesDirectory files). */
export function walkRoutes(defs: Record<string, unknown>, origins: WeakMap<object, string> = new WeakMap()): RouteTable {
  const table: RouteTable = { routes: [], handlers: new Map(), definitions: new Map(), pages: new Map() }
  const visit = (prefix: string, key: string, def: unknown, parentUnlisted: boolean, parentAccess?: Access): void => {
    const slug = prefix ? `${prefix}/${key}` : key
    const file = def && typeof def === 'object' ? origins.get(def) : undefined
    const base = { slug, name: key, unlisted: parentUnlisted, backgroundable: false, warnOnClose: true, hasHandler: false, ...(file ? { file } : {}), ...(parentAccess ? { access: parentAccess } : {}) }
    const bad = slugProblem(key)
    if (def instanceof RouteLoadError) {
      table.routes.push({ ...base, kind: 'action', file: def.file, error: def.message })
      return
    }
    if (def instanceof Page) {
      const unlisted = parentUnlisted || !!def.unlisted
      const name = typeof def.name === 'string' && def.name ? def.name : key
      // A page's access covers what it holds unless they set their own.
      const access = readAccess(def.access) ?? parentAccess
      table.routes.push({ ...base, kind: 'page', name, description: def.description, unlisted, hasHandler: typeof def.handler === 'function', ...(access ? { access } : {}), ...(bad ? { error: bad } : {}) })
      if (bad) return
      table.pages.set(slug, def)
      for (const [childKey, child] of Object.entries(def.routes)) visit(slug, childKey, child, unlisted, access)
      return
    }
    const checked = checkAction(def)
    if (!checked.ok) {
      const error = checked.error ?? `The route "${slug}" is neither an Action nor a Page (it is ${describe(def)}).`
      table.routes.push({ ...base, kind: 'action', error })
      return
    }
    const a = checked.action
    table.routes.push({
      ...base, kind: 'action', name: a.name ?? key, description: a.description,
      // Interval's defaults: listed, not backgroundable, and warn before closing.
      unlisted: parentUnlisted || !!a.unlisted, backgroundable: !!a.backgroundable, warnOnClose: a.warnOnClose ?? true,
      ...((readAccess(a.access) ?? parentAccess) ? { access: readAccess(a.access) ?? parentAccess } : {}),
      ...(bad ? { error: bad } : {}),
    })
    if (!bad) (table.handlers.set(slug, a.handler), table.definitions.set(slug, def))
  }
  for (const [key, def] of Object.entries(defs)) visit('', key, def, false)
  return table
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object without a handler function'
  return `of type ${typeof value}`
}
