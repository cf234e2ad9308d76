// Compiles one action file into a CommonJS bundle with an inline source map.
// Relative imports are bundled; package imports stay `require` calls that the
// worker resolves from the workspace's own node_modules beside the file.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, isAbsolute, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as Esbuild from 'esbuild-wasm'
import { loadEsbuild } from './esbuild'

export interface CompiledAction {
  file: string
  /** CommonJS code, source map inline. */
  code: string
  /** sha256 of `code`: history records it so a replay can tell the code changed. */
  hash: string
  /** Every local file bundled in, with the stamp it had when compiled. */
  inputs: Record<string, string>
}

export class CompileError extends Error {
  override name = 'CompileError'
  constructor(
    message: string,
    /** Where esbuild placed the problem, when it knows. */
    readonly location?: { file: string; line: number; column: number },
  ) {
    super(message)
  }
}

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json']
const LOADERS: Record<string, Esbuild.Loader> = {
  '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx',
  '.js': 'js', '.mjs': 'js', '.cjs': 'js', '.jsx': 'jsx', '.json': 'json',
}

const isFile = (p: string): boolean => existsSync(p) && statSync(p).isFile()

/** Node/TypeScript-style resolution of a relative path: exact, +extension, `.js`→`.ts`, dir/index. */
export function resolveLocal(base: string): string | undefined {
  if (isFile(base)) return base
  for (const ext of EXTENSIONS) if (isFile(base + ext)) return base + ext
  const swapped = base.replace(/\.(m|c)?js$/, (_, p: string | undefined) => `.${p ?? ''}ts`)
  if (swapped !== base && isFile(swapped)) return swapped
  for (const ext of EXTENSIONS) if (isFile(resolve(base, 'index' + ext))) return resolve(base, 'index' + ext)
  return undefined
}

/** A file's stamp: changes whenever its content is likely to have changed. */
export function stamp(file: string): string {
  try {
    const s = statSync(file)
    return `${s.mtimeMs}:${s.size}`
  } catch {
    return 'missing'
  }
}

const fsPlugin: Esbuild.Plugin = {
  name: 'mini-interval-fs',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) => {
      const local = args.kind === 'entry-point' || args.path.startsWith('.') || isAbsolute(args.path)
      if (!local) return { path: args.path, external: true }
      const base = args.kind === 'entry-point' ? args.path : resolve(args.resolveDir, args.path)
      const found = resolveLocal(base)
      if (!found) return { errors: [{ text: `Cannot find module "${args.path}"` }] }
      return { path: found, namespace: 'file' }
    })
    build.onLoad({ filter: /.*/, namespace: 'file' }, (args) => ({
      contents: withOwnLocation(readFileSync(args.path, 'utf8'), args.path),
      loader: LOADERS[extname(args.path)] ?? 'js',
      resolveDir: dirname(args.path),
    }))
  },
}

/**
 * Bundling puts every file in one module, so `__dirname` would name the
 * bundle's folder; each file gets its own location instead, as it would
 * running unbundled (`join(__dirname, 'data.json')` keeps working).
 */
export function withOwnLocation(source: string, file: string): string {
  if (!/__dirname|__filename|import\.meta/.test(source)) return source
  const url = pathToFileURL(file).href
  return source
    .replace(/\b__dirname\b|\bimport\.meta\.dirname\b/g, JSON.stringify(dirname(file)))
    .replace(/\b__filename\b|\bimport\.meta\.filename\b/g, JSON.stringify(file))
    .replace(/\bimport\.meta\.url\b/g, JSON.stringify(url))
}

export async function compileAction(file: string, wasmPath: string, say?: (line: string) => void): Promise<CompiledAction> {
  const { esbuild } = await loadEsbuild(wasmPath, say)
  let result: Esbuild.BuildResult<{ write: false; metafile: true }>
  try {
    result = await esbuild.build({
      entryPoints: [file],
      absWorkingDir: dirname(file),
      bundle: true,
      write: false,
      metafile: true,
      outfile: bundlePath(file),
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      sourcesContent: false,
      logLevel: 'silent',
      plugins: [fsPlugin],
    })
  } catch (e) {
    throw toCompileError(e, file)
  }
  const code = result.outputFiles[0].text
  const inputs: Record<string, string> = {}
  for (const rel of Object.keys(result.metafile.inputs)) {
    const abs = resolve(dirname(file), rel.replace(/^file:/, ''))
    inputs[abs] = stamp(abs)
  }
  inputs[file] ??= stamp(file)
  return { file, code, hash: createHash('sha256').update(code).digest('hex'), inputs }
}

/**
 * The file name the bundle is evaluated under: beside the source, so the
 * source map's relative paths and `require` of packages resolve from there.
 */
export function bundlePath(file: string): string {
  return resolve(dirname(file), `.${file.split(/[\\/]/).pop()}.mini-interval.js`)
}

function toCompileError(e: unknown, file: string): CompileError {
  const errors = (e as { errors?: Esbuild.Message[] }).errors
  if (!errors?.length) return new CompileError(e instanceof Error ? e.message : String(e))
  const first = errors[0]
  const loc = first.location
  const where = loc ? `${loc.file}:${loc.line}:${loc.column + 1}: ` : ''
  const text = errors.map((m) => m.text).join('\n')
  return new CompileError(
    `${where}${text}`,
    loc ? { file: resolve(dirname(file), loc.file), line: loc.line, column: loc.column } : undefined,
  )
}
