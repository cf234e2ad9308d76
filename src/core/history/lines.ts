// Byte-level line I/O shared by the logs and the index: reading in fixed-size
// chunks (a 600 MB log never becomes one string), and appending whole lines
// with one write each, so processes appending to the same file (O_APPEND)
// never interleave inside a line.
import { closeSync, constants, fstatSync, openSync, readSync, writeSync } from 'node:fs'

const CHUNK = 1 << 20
const NL = 0x0a

/** Opens a file for reading without ever blocking (a FIFO named like a log) and only if it is a regular file. */
export function openRegular(file: string): number {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${file} is not a regular file`)
    return fd
  } catch (e) {
    closeSync(fd)
    throw e
  }
}

export interface LineInfo {
  /** 1-based line number. */
  n: number
  /** False for a last line with no newline: maybe torn by a crash, maybe still being written. */
  complete: boolean
}

/**
 * Calls `onLine` for each line of `fd` from byte `from`, with lines longer than
 * `maxLine` bytes reported as `null` (their bytes are skipped, never kept).
 * Returns the offset just after the last complete line. `onLine` returning
 * false stops the read.
 */
export function forEachLine(
  fd: number, onLine: (line: Buffer | null, info: LineInfo) => boolean | void,
  opts: { from?: number; maxLine?: number; chunk?: number } = {},
): number {
  const maxLine = opts.maxLine ?? 64 << 20
  const buf = Buffer.allocUnsafe(opts.chunk ?? CHUNK)
  let pos = opts.from ?? 0
  let parts: Buffer[] = []
  let partLen = 0
  let tooLong = false
  let n = 0
  let doneAt = pos
  for (;;) {
    const got = readSync(fd, buf, 0, buf.length, pos)
    if (got === 0) break
    let start = 0
    for (;;) {
      const nl = buf.indexOf(NL, start)
      if (nl < 0 || nl >= got) break
      n++
      let line: Buffer | null
      if (tooLong || partLen + nl - start > maxLine) line = null
      else line = partLen ? Buffer.concat([...parts, buf.subarray(start, nl)]) : buf.subarray(start, nl)
      parts = []
      partLen = 0
      tooLong = false
      doneAt = pos + nl + 1
      if (onLine(line, { n, complete: true }) === false) return doneAt
      start = nl + 1
    }
    if (start < got) {
      if (!tooLong && partLen + got - start > maxLine) (tooLong = true), (parts = []), (partLen = 0)
      if (!tooLong) parts.push(Buffer.from(buf.subarray(start, got))), (partLen += got - start)
    }
    pos += got
  }
  if (partLen || tooLong) onLine(tooLong ? null : Buffer.concat(parts), { n: n + 1, complete: false })
  return doneAt
}

/** Writes all of `data` at the end of an O_APPEND fd in one call (looping only if the kernel writes part). */
export function writeAll(fd: number, data: Buffer): void {
  let off = 0
  while (off < data.length) off += writeSync(fd, data, off, data.length - off)
}

/** True when the file ends in a newline (or is empty): a new line can be appended without gluing onto a torn one. */
export function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size
  if (size === 0) return true
  const b = Buffer.alloc(1)
  readSync(fd, b, 0, 1, size - 1)
  return b[0] === NL
}

// Tab-separated fields: a tab, newline or backslash inside a field is escaped.
const ESC: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }
const UNESC: Record<string, string> = { '\\': '\\', t: '\t', n: '\n', r: '\r' }
export const escapeField = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => ESC[c])
export const unescapeField = (s: string): string => (s.includes('\\') ? s.replace(/\\(.)/g, (_, c: string) => UNESC[c] ?? c) : s)
