// Turns the list of discovered action files into slugs and a folder tree.
const ACTION_SUFFIX = /(\.action)?\.(ts|mts|cts|tsx|js|mjs|cjs|jsx)$/

/** `billing/refund.action.ts` → `billing/refund`. Characters outside `[A-Za-z0-9_.-]` become `_`. */
export function slugOf(relPath: string): string {
  return relPath
    .replace(/\\/g, '/')
    .replace(ACTION_SUFFIX, '')
    .split('/')
    .map((part) => part.replace(/[^A-Za-z0-9_.-]/g, '_'))
    .join('/')
}

/** Folder name → group label, as Interval names pages: `userTools` → `User tools`. */
export function groupLabel(folder: string): string {
  const words = folder
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .toLowerCase()
  return words ? words[0].toUpperCase() + words.slice(1) : folder
}

export interface ActionFile {
  /** Absolute path. */
  file: string
  /** Path relative to its workspace folder, posix separators. */
  relPath: string
  /** Workspace folder name; the tree adds a root per folder when there are several. */
  root: string
}

export type TreeNode =
  /** `key` is set on an Interval page's group: the index entry it stands for. */
  | { kind: 'group'; id: string; label: string; children: TreeNode[]; key?: string }
  /** `key` is set on a route of an Interval entry file (`file`). */
  | { kind: 'action'; id: string; slug: string; file: ActionFile; key?: string }

/** A route of an Interval entry file: an action, or a page (a group named `label`). */
export interface RouteItem {
  key: string
  slug: string
  file: ActionFile
  kind: 'action' | 'page'
  label: string
}

/**
 * Builds the Actions tree: folders as groups (sorted first), actions by slug.
 * Routes of Interval entry files sit under their pages, by slug, as Interval
 * showed them (beside the folders; under the workspace folder's root when there are several).
 */
export function buildTree(files: ActionFile[], multiRoot: boolean, routes: RouteItem[] = []): TreeNode[] {
  const top: TreeNode[] = []
  const groups = new Map<string, TreeNode & { kind: 'group' }>()
  const groupFor = (path: string[], label: (s: string) => string): TreeNode[] => {
    let children = top
    for (let i = 0; i < path.length; i++) {
      const id = 'group:' + path.slice(0, i + 1).join('/')
      let g = groups.get(id)
      if (!g) {
        g = { kind: 'group', id, label: i === 0 && multiRoot ? path[0] : label(path[i]), children: [] }
        groups.set(id, g)
        children.push(g)
      }
      children = g.children
    }
    return children
  }
  for (const f of files) {
    const folders = f.relPath.split('/').slice(0, -1)
    const slug = slugOf(f.relPath)
    groupFor(multiRoot ? [f.root, ...folders] : folders, groupLabel).push({ kind: 'action', id: `action:${f.file}`, slug, file: f })
  }
  const pages = new Map(routes.filter((r) => r.kind === 'page').map((r) => [`${r.file.file}#${r.slug}`, r]))
  const pageGroups = new Map<string, TreeNode & { kind: 'group' }>()
  /** The group of the page at `slug` (and its parents), under the workspace folder's root when there are several. */
  const pageFor = (file: ActionFile, slug: string): TreeNode[] => {
    if (!slug) return multiRoot ? groupFor([file.root], (s) => s) : top
    const key = `${file.file}#${slug}`
    let g = pageGroups.get(key)
    if (!g) {
      const parent = pageFor(file, slug.split('/').slice(0, -1).join('/'))
      const page = pages.get(key)
      g = { kind: 'group', id: `page:${key}`, label: page?.label ?? slug.split('/').pop()!, children: [], ...(page ? { key } : {}) }
      pageGroups.set(key, g)
      parent.push(g)
    }
    return g.children
  }
  for (const r of routes) {
    const parent = r.slug.split('/').slice(0, -1).join('/')
    if (r.kind === 'page') pageFor(r.file, r.slug)
    else pageFor(r.file, parent).push({ kind: 'action', id: `route:${r.key}`, slug: r.slug, file: r.file, key: r.key })
  }
  const sort = (nodes: TreeNode[]): TreeNode[] => {
    nodes.sort((a, b) =>
      a.kind !== b.kind ? (a.kind === 'group' ? -1 : 1) : (a.kind === 'group' ? a.label : a.slug).localeCompare(b.kind === 'group' ? b.label : b.slug),
    )
    for (const n of nodes) if (n.kind === 'group') sort(n.children)
    return nodes
  }
  return sort(top)
}
