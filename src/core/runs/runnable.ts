// What both shells (VS Code, serve) start as a transaction: an action file, a
// route of an Interval entry file, or a workflow file. Structural, so each
// shell's index entries fit without conversion.
export interface RunnableEntry {
  file: { file: string; relPath: string; root: string }
  slug: string
  state: 'loading' | 'ready' | 'broken'
  name?: string
  description?: string
  error?: string
  backgroundable?: boolean
  warnOnClose?: boolean
  unlisted?: boolean
  /** One running instance (true), or one per key of its params ('key'). */
  singleton?: boolean | 'key'
  route?: { key: string; kind: 'action' | 'page'; source: string; hasHandler: boolean; routesDirectory?: string }
  /** A workflow file run as a transaction. */
  workflow?: boolean
}
