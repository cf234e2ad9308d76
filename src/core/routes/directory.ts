// Interval's file-based routes (`routesDirectory`): each .ts/.js/.mjs file
// (not .d.ts) that default-exports an Action or a Page is a route named after
// its base name; each folder is a page named from the folder's name, replaced
// by the Page its index file default-exports (the folder's files join it).
import { readdirSync, statSync } from 'node:fs'
import { basename, extname, join } from 'node:path'
import { Action } from '../runtime/definition'
import { slugToName } from './names'
import { Page } from './page'
import { RouteLoadError } from './walk'

const ROUTE_EXT = new Set(['.ts', '.js', '.mjs'])

const isRouteFile = (name: string): boolean => ROUTE_EXT.has(extname(name)) && !name.endsWith('.d.ts')

/** Entries in a stable order (Interval took the OS's); unreadable folders count as empty. */
function entries(dir: string): { name: string; path: string; isDir: boolean }[] {
  let names: string[]
  try {
    names = readdirSync(dir).sort()
  } catch {
    return []
  }
  return names.flatMap((name) => {
    const path = join(dir, name)
    try {
      return [{ name, path, isDir: statSync(path).isDirectory() }]
    } catch {
      return []
    }
  })
}

/** Every file Interval would import from the directory: what the host compiles before inspection. */
export function routeFiles(dir: string): string[] {
  return entries(dir).flatMap((e) => (e.isDir ? routeFiles(e.path) : isRouteFile(e.name) ? [e.path] : []))
}

/** What loading one file gave: its exports, or why it failed. */
export type LoadedModule = { exports: unknown } | { error: string }

/**
 * The directory's routes. `load` evaluates one file; `origins` learns which
 * file each route came from. A file without a default export is skipped, as
 * Interval skipped it; one whose default export is neither an Action nor a
 * Page, or that fails to load, stands as a RouteLoadError at its slug.
 */
export function loadRoutesDirectory(dir: string, load: (file: string) => LoadedModule, origins: WeakMap<object, string>): Record<string, unknown> {
  return loadFolder(dir, load, origins).routes
}

function loadFolder(dir: string, load: (file: string) => LoadedModule, origins: WeakMap<object, string>): Page {
  let page = new Page({ name: slugToName(basename(dir)) })
  const own: Record<string, unknown> = {}
  let index: Page | undefined
  for (const e of entries(dir)) {
    if (e.isDir) {
      own[e.name] = loadFolder(e.path, load, origins)
      continue
    }
    if (!isRouteFile(e.name)) continue
    const slug = basename(e.name, extname(e.name))
    const loaded = load(e.path)
    if ('error' in loaded) {
      own[slug] = new RouteLoadError(loaded.error, e.path)
      continue
    }
    const mod = loaded.exports as Record<string, unknown> | null
    if (!mod || typeof mod !== 'object' || !('default' in mod)) continue
    let value = mod.default as Record<string, unknown> | null
    // A default export compiled twice over (`export default` of a CommonJS module).
    if (value && typeof value === 'object' && 'default' in value) value = value.default as Record<string, unknown> | null
    if (slug === 'index') {
      if (value instanceof Page) (index = value, origins.set(value, e.path))
      else own[slug] = new RouteLoadError(`The default export of ${e.name} is not a Page, so it is skipped.`, e.path)
    } else if (value instanceof Page || value instanceof Action) {
      own[slug] = value
      origins.set(value, e.path)
    } else {
      own[slug] = new RouteLoadError(`The default export of ${e.name} is neither an Action nor a Page (\`export default new Action({ … })\`), so it is not a route.`, e.path)
    }
  }
  if (index) page = index
  Object.assign(page.routes, own)
  return page
}
