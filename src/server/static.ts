// Files of the web app (dist/web): a path never leaves that folder, whatever
// its dots, encodings or links.
import { realpathSync, readFileSync, statSync } from 'node:fs'
import { extname, join, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
}

/** The file under `root` that `rel` (already URL-decoded) names, or undefined if it is not one. */
export function staticFile(root: string, rel: string): { body: Buffer; type: string } | undefined {
  if (rel.includes('\0') || rel.split(/[\\/]/).some((p) => p === '..')) return undefined
  const base = realpathSync(root)
  let file: string
  try {
    file = realpathSync(resolve(join(base, rel)))
  } catch {
    return undefined
  }
  if (!file.startsWith(base + sep) || !statSync(file).isFile()) return undefined
  const type = TYPES[extname(file)]
  return type ? { body: readFileSync(file), type } : undefined
}
