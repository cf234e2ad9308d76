// How discovery reaches the files of a folder, so the same catalogs run in
// VS Code (findFiles + file system watchers) and in `serve` (nodeFiles).
import { relative, sep } from 'node:path'
import type { ActionFile } from './actionTree'

export interface Disposable {
  dispose(): void
}

/** A root to search: a workspace folder, or the folder `serve` serves. */
export interface Folder {
  /** What the tree shows as its root when there are several. */
  name: string
  /** Absolute path. */
  path: string
}

export interface FileEvents {
  /** A file matching the glob was created or changed (absolute path). */
  changed(file: string): void
  /** A file was deleted (absolute path; it may not match the glob, e.g. a deleted folder's file). */
  deleted(file: string): void
}

export interface FileSource {
  /** Absolute paths of the files of `folder` matching `include` (relative to it) and none of `exclude`; at most `maxResults`. */
  find(folder: Folder, include: string, exclude: string[], maxResults?: number): Promise<string[]>
  /** Reports files of `folder` matching `include` as they are created, changed and deleted, until disposed. */
  watch(folder: Folder, include: string, events: FileEvents): Disposable
}

/** A file of a folder: its path relative to the folder (posix), which globs and slugs use. */
export function fileOf(folder: Folder, file: string): ActionFile {
  return { file, relPath: relative(folder.path, file).split(sep).join('/'), root: folder.name }
}

/** Whether `file` is `dir` or inside it. */
export function isWithin(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep)
}

/** A listener list: what `onDidChange` hands out in VS Code and in `serve`. */
export class Emitter {
  private readonly listeners = new Set<() => void>()

  readonly event = (listener: () => void): Disposable => {
    this.listeners.add(listener)
    return { dispose: () => void this.listeners.delete(listener) }
  }

  fire(): void {
    for (const l of [...this.listeners]) l()
  }

  dispose(): void {
    this.listeners.clear()
  }
}
