// The dashboard's grouping: the Actions tree's own (buildTree: folders, Interval
// pages, workflows beside the actions in their folders), built from what
// GET /api/actions lists, then narrowed by the search box.
import { buildTree, slugOf, type ActionFile, type RouteItem, type TreeNode } from '../../src/core/discovery/actionTree'
import type { ActionItem, WorkflowItem } from './api'

export type DashNode =
  | { kind: 'group'; id: string; label: string; children: DashNode[]; page?: ActionItem }
  | { kind: 'action'; id: string; item: ActionItem }
  | { kind: 'workflow'; id: string; item: WorkflowItem }

/** Routes of Interval entry files: the server gives their tree key; without one, pages, what sits under one, and anything whose slug is not its file's. */
const isRoute = (a: ActionItem): boolean => a.key !== undefined || a.kind === 'page' || a.slug !== slugOf(a.relPath)
/** Every route shares one entry "file": slugs are unique on a server, and the tree keys pages by file and slug. */
const ROUTES = 'interval-routes'

export function dashboardTree(actions: ActionItem[], workflows: WorkflowItem[]): DashNode[] {
  const files = new Map<string, ActionItem | WorkflowItem>()
  const fileOf = (kind: string, relPath: string): ActionFile => ({ file: `${kind}:${relPath}`, relPath, root: '' })
  const actionFiles: ActionFile[] = []
  const routes: RouteItem[] = []
  const bySlug = new Map<string, ActionItem>()
  for (const a of actions) {
    if (isRoute(a)) {
      bySlug.set(`${a.kind}:${a.slug}`, a)
      routes.push({ key: `${ROUTES}#${a.slug}`, slug: a.slug, kind: a.kind, label: a.name, file: { file: ROUTES, relPath: a.relPath, root: '' } })
    } else {
      const f = fileOf('action', a.relPath)
      files.set(f.file, a)
      actionFiles.push(f)
    }
  }
  for (const w of workflows) {
    const f = fileOf('workflow', w.relPath)
    files.set(f.file, w)
    actionFiles.push(f)
  }
  const convert = (n: TreeNode): DashNode | undefined => {
    if (n.kind === 'group') {
      const page = n.key ? bySlug.get(`page:${n.key.slice(ROUTES.length + 1)}`) : undefined
      return { kind: 'group', id: n.id, label: n.label, children: n.children.flatMap((c) => convert(c) ?? []), ...(page ? { page } : {}) }
    }
    if (n.key) {
      const item = bySlug.get(`action:${n.slug}`)
      return item && { kind: 'action', id: n.id, item }
    }
    const item = files.get(n.file.file)
    if (!item) return undefined
    return n.file.file.startsWith('workflow:')
      ? { kind: 'workflow', id: n.id, item: item as WorkflowItem }
      : { kind: 'action', id: n.id, item: item as ActionItem }
  }
  return buildTree(actionFiles, false, routes).flatMap((n) => convert(n) ?? [])
}

const haystack = (n: DashNode): string => {
  if (n.kind === 'group') return [n.label, n.page?.name, n.page?.slug, n.page?.description].join(' ').toLowerCase()
  const i = n.item
  return [i.name, i.slug, i.relPath, i.description, n.kind === 'workflow' ? 'workflow' : ''].join(' ').toLowerCase()
}

/** The nodes matching every word of `query`: a matching group keeps all it holds, any other keeps its matching children. */
export function filterTree(nodes: DashNode[], query: string): DashNode[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  if (!words.length) return nodes
  const matches = (n: DashNode, inherited: string): boolean => words.every((w) => (inherited + ' ' + haystack(n)).includes(w))
  const walk = (list: DashNode[], inherited: string): DashNode[] =>
    list.flatMap((n): DashNode[] => {
      if (matches(n, inherited) && n.kind !== 'group') return [n]
      if (n.kind !== 'group') return []
      // A group's words count for what is under it: "orders find" finds Find order in Orders.
      const children = walk(n.children, inherited + ' ' + haystack(n))
      return children.length || (matches(n, inherited) && n.page) ? [{ ...n, children }] : []
    })
  return walk(nodes, '')
}

/** How many runnable things (actions and workflows) a list holds. */
export function countLeaves(nodes: DashNode[]): number {
  return nodes.reduce((sum, n) => sum + (n.kind === 'group' ? countLeaves(n.children) + (n.page ? 1 : 0) : 1), 0)
}
