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
  | { kind: 'group'; id: string; label: string; children: TreeNode[] }
  | { kind: 'action'; id: string; slug: string; file: ActionFile }

/** Builds the Actions tree: folders as groups (sorted first), actions by slug. */
export function buildTree(files: ActionFile[], multiRoot: boolean): TreeNode[] {
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
  const sort = (nodes: TreeNode[]): TreeNode[] => {
    nodes.sort((a, b) =>
      a.kind !== b.kind ? (a.kind === 'group' ? -1 : 1) : (a.kind === 'group' ? a.label : a.slug).localeCompare(b.kind === 'group' ? b.label : b.slug),
    )
    for (const n of nodes) if (n.kind === 'group') sort(n.children)
    return nodes
  }
  return sort(top)
}
