// A FileSource over the real file system, for `serve` (and the tests): a walk
// that skips dependency and tool folders and follows no symlink out of the
// folder, and a watcher per folder (one fs.watch per directory, so skipped
// folders such as node_modules cost no inotify watches) whose events are
// coalesced for a moment and then checked against the disk.
import { watch, type FSWatcher } from 'node:fs'
import { readdir, realpath, stat } from 'node:fs/promises'
import { basename, dirname, join, relative, resolve, sep } from 'node:path'
import { isWithin, type Disposable, type FileEvents, type FileSource, type Folder } from './files'
import { FileFilter, globToRegExp } from './glob'

export interface NodeFilesOptions {
  /** Folder names never searched nor watched, wherever they are. */
  skipDirs?: string[]
  /** Events within this many milliseconds are handled together (a save is often several). */
  debounceMs?: number
  /** How often to look for a watched folder that was deleted, to watch it again when it comes back. */
  pollMs?: number
  /** Told when a folder cannot be watched (e.g. the inotify watch limit). */
  warn?: (message: string) => void
}

export const SKIP_DIRS = ['node_modules', '.git', '.mini-interval']

/** A FileSource over `root` and the folders inside it. A watch keeps the process alive until disposed; `dispose()` stops every watcher. */
export function nodeFiles(root: string, options: NodeFilesOptions = {}): FileSource & Disposable {
  const top = resolve(root)
  const skip = new Set(options.skipDirs ?? SKIP_DIRS)
  const watchers = new Map<string, TreeWatcher>()
  const check = (folder: Folder): string => {
    const path = resolve(folder.path)
    if (!isWithin(path, top)) throw new Error(`The folder ${path} is outside ${top}, which this file source serves.`)
    return path
  }
  return {
    async find(folder, include, exclude, maxResults = Infinity) {
      const base = check(folder)
      const realBase = await realpath(base).catch(() => undefined)
      if (!realBase) return []
      const filter = new FileFilter(include, exclude)
      const excluded = exclude.map(globToRegExp)
      const found: string[] = []
      await walkTree(base, {
        base, realBase,
        skipDir: (rel, name) => skip.has(name) || excluded.some((r) => r.test(rel) || r.test(rel + '/')),
        file: (path) => {
          if (filter.matches(posixRelative(base, path))) found.push(path)
          return found.length < maxResults
        },
      })
      return found.sort()
    },
    watch(folder, include, events) {
      const base = check(folder)
      let w = watchers.get(base)
      if (!w) watchers.set(base, (w = new TreeWatcher(base, skip, options)))
      const subscriber = { filter: new FileFilter(include), events }
      w.subscribers.add(subscriber)
      return {
        dispose: () => {
          if (!w.subscribers.delete(subscriber) || w.subscribers.size) return
          w.close()
          if (watchers.get(base) === w) watchers.delete(base)
        },
      }
    },
    dispose() {
      for (const w of watchers.values()) w.close()
      watchers.clear()
    },
  }
}

interface WalkOptions {
  /** Relative paths are relative to this. */
  base: string
  /** Nothing outside this real path is walked (symlinks out of the folder are not followed). */
  realBase: string
  skipDir(rel: string, name: string): boolean
  /** Called before the folder is read. */
  dir?(path: string): void
  /** Returns false to stop the walk. */
  file(path: string): boolean | void
}

/** Walks the folders under `top` a few at a time (thousands of parallel reads run out of file handles). */
async function walkTree(top: string, o: WalkOptions): Promise<void> {
  const seen = new Set<string>()
  const queue = [top]
  let stopped = false
  const visit = async (dir: string): Promise<void> => {
    const real = await realpath(dir).catch(() => undefined)
    // A symlink loop, or a folder deleted meanwhile.
    if (!real || !isWithin(real, o.realBase) || seen.has(real)) return
    seen.add(real)
    o.dir?.(dir)
    const items = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const d of items) {
      if (stopped) return
      const path = join(dir, d.name)
      let isDir = d.isDirectory()
      let isFile = d.isFile()
      if (d.isSymbolicLink()) {
        const target = await realpath(path).catch(() => undefined)
        if (!target || !isWithin(target, o.realBase)) continue
        const st = await stat(target).catch(() => undefined)
        isDir = !!st?.isDirectory()
        isFile = !!st?.isFile()
      }
      if (isDir && !o.skipDir(posixRelative(o.base, path), d.name)) queue.push(path)
      else if (isFile && o.file(path) === false) stopped = true
    }
  }
  while (queue.length && !stopped) await Promise.all(queue.splice(0, 16).map(visit))
}

/** One folder's watch: a watcher per directory, the files known under it, and who is told what. */
class TreeWatcher {
  readonly subscribers = new Set<{ filter: FileFilter; events: FileEvents }>()
  private readonly dirs = new Map<string, FSWatcher>()
  private readonly known = new Set<string>()
  private readonly pending = new Set<string>()
  private realRoot = ''
  private timer: NodeJS.Timeout | undefined
  private poll: NodeJS.Timeout | undefined
  /** Batches are handled one after another. */
  private flushing: Promise<void> = Promise.resolve()
  private closed = false
  private warned = false

  constructor(private readonly root: string, private readonly skip: Set<string>, private readonly options: NodeFilesOptions) {
    void this.attach(false)
  }

  /** Watches the root and learns its files; `report`: tell them as created (the root came back). */
  private async attach(report: boolean): Promise<void> {
    this.realRoot = (await realpath(this.root).catch(() => '')) || ''
    if (this.closed) return
    if (!this.realRoot) return this.waitForRoot()
    await this.add(this.root, report)
  }

  private waitForRoot(): void {
    if (this.closed || this.poll) return
    this.poll = setInterval(() => {
      void stat(this.root).then((st) => {
        if (!st.isDirectory() || this.closed || !this.poll) return
        clearInterval(this.poll)
        this.poll = undefined
        void this.attach(true)
      }, () => undefined)
    }, this.options.pollMs ?? 1000)
  }

  /** Watches every folder under `dir` and learns its files; `report`: tell the new ones as created. */
  private add(dir: string, report: boolean): Promise<void> {
    return walkTree(dir, {
      base: this.root, realBase: this.realRoot,
      skipDir: (_rel, name) => this.skip.has(name),
      dir: (d) => this.watchDir(d),
      file: (f) => {
        if (this.known.has(f)) return
        this.known.add(f)
        if (report) this.emit('changed', f)
      },
    })
  }

  private watchDir(dir: string): void {
    if (this.closed || this.dirs.has(dir)) return
    try {
      const w = watch(dir, (type, name) => {
        if (name) this.queue(join(dir, name.toString()))
        // A rename may be the folder's own (deleted or moved away): look at it too.
        if (type === 'rename' || !name) this.queue(dir)
      })
      w.on('error', () => this.queue(dir))
      this.dirs.set(dir, w)
    } catch (e) {
      const err = e as NodeJS.ErrnoException
      if (err.code === 'ENOENT') return
      if (!this.warned) this.options.warn?.(`Cannot watch ${dir} (${err.code ?? err.message}); changes under it are not seen until a refresh.`)
      this.warned = true
    }
  }

  private queue(path: string): void {
    if (this.closed) return
    this.pending.add(path)
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      const batch = [...this.pending].sort()
      this.pending.clear()
      this.flushing = this.flushing.then(() => this.flush(batch))
    }, this.options.debounceMs ?? 50)
  }

  private async flush(batch: string[]): Promise<void> {
    if (this.closed) return
    const rootStat = await stat(this.root).catch(() => undefined)
    if (!rootStat?.isDirectory()) {
      this.gone(this.root)
      return this.waitForRoot()
    }
    for (const path of batch) await this.settle(path)
  }

  /** Looks at one path that an event named: created, changed, or gone. */
  private async settle(path: string): Promise<void> {
    if (this.closed || !isWithin(path, this.root)) return
    const st = await stat(path).catch(() => undefined)
    if (!st) return this.gone(path)
    const real = await realpath(path).catch(() => undefined)
    // Skipped folders are not watched, and a symlink out of the folder is not followed.
    if (!real || !isWithin(real, this.realRoot) || this.skipped(path)) return
    if (st.isDirectory()) return this.dirs.has(path) ? this.rescan(path) : this.add(path, true)
    if (!st.isFile()) return
    this.known.add(path)
    this.emit('changed', path)
  }

  /** A watched folder had an event of its own: find files created in it that no event named, and files gone from it. */
  private async rescan(dir: string): Promise<void> {
    const names = new Set(await readdir(dir).catch(() => [] as string[]))
    for (const f of [...this.known]) if (dirname(f) === dir && !names.has(basename(f))) this.gone(f)
    for (const d of [...this.dirs.keys()]) if (dirname(d) === dir && !names.has(basename(d))) this.gone(d)
    for (const name of names) {
      const path = join(dir, name)
      if (!this.known.has(path) && !this.dirs.has(path)) await this.settle(path)
    }
  }

  /** `path` no longer exists: stop watching the folders under it, and tell its files as deleted. */
  private gone(path: string): void {
    // A file (the common case) is one lookup; only a watched folder can have known files under it.
    if (this.known.delete(path)) return this.emit('deleted', path)
    if (!this.dirs.has(path)) return
    for (const [d, w] of this.dirs) {
      if (!isWithin(d, path)) continue
      w.close()
      this.dirs.delete(d)
    }
    for (const f of [...this.known]) {
      if (!isWithin(f, path)) continue
      this.known.delete(f)
      this.emit('deleted', f)
    }
  }

  private skipped(path: string): boolean {
    return relative(this.root, path).split(sep).some((part) => this.skip.has(part))
  }

  private emit(kind: keyof FileEvents, file: string): void {
    const rel = posixRelative(this.root, file)
    for (const s of [...this.subscribers]) {
      if (!s.filter.matches(rel)) continue
      try {
        s.events[kind](file)
      } catch (e) {
        this.options.warn?.(`A file watcher's listener failed on ${rel}: ${(e as Error).message}`)
      }
    }
  }

  close(): void {
    this.closed = true
    clearTimeout(this.timer)
    clearInterval(this.poll)
    for (const w of this.dirs.values()) w.close()
    this.dirs.clear()
    this.known.clear()
    this.pending.clear()
  }
}

function posixRelative(base: string, path: string): string {
  return relative(base, path).split(sep).join('/')
}
