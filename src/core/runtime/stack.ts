// An action's error stack without the runtime's frames: the person debugging
// an action wants their own (source-mapped) files, not the worker bundle's or
// Node's internals.

const FRAME = /^\s+at /

/** Frames of Node itself: `node:internal/…`, `node:events`, … */
export const isNodeFrame = (frame: string): boolean => /[( ]node:/.test(frame)

/**
 * Keeps the heading (`Name: message`, which may span lines) and every frame
 * `isOwnFrame` does not claim. A stack with no frames of the action's at all
 * keeps its heading only.
 */
export function cleanStack(stack: string, isOwnFrame: (frame: string) => boolean): string {
  const lines = stack.split('\n')
  return lines.filter((line) => !FRAME.test(line) || !(isNodeFrame(line) || isOwnFrame(line))).join('\n')
}

/** A frame inside one of these files (the worker bundle): matched by path, as frames print it. */
export const framesOf =
  (files: string[]) =>
  (frame: string): boolean =>
    files.some((f) => frame.includes(`(${f}:`) || frame.includes(` ${f}:`))
