// The published types and the TS server plugin that serves them (issue 8, part 5).
//   buildTypes()        src/types → types/mini-interval/*.d.ts (tsc, JSDoc kept) and
//                       types/interval-sdk (re-exports it), both npm-packable; the plugin
//                       bundle with a copy of the declarations → node_modules/mini-interval-ts-plugin/
//   addPluginToVsix(f)  `vsce --no-dependencies` leaves node_modules/ out, but tsserver loads a
//                       contributed plugin only from <extension>/node_modules/<name>: copy it in.
// `node scripts/types.mjs --vsix mini-interval.vsix` runs the latter (npm run package).
import * as esbuild from 'esbuild'
import ts from 'typescript'
import yauzl from 'yauzl'
import yazl from 'yazl'
import { cpSync, createWriteStream, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const TYPES_DIR = join(root, 'types/mini-interval')
const SDK_TYPES_DIR = join(root, 'types/interval-sdk')
export const PLUGIN_NAME = 'mini-interval-ts-plugin'
export const PLUGIN_DIR = join(root, 'node_modules', PLUGIN_NAME)

const writeJson = (file, value) => writeFileSync(file, JSON.stringify(value, null, 2) + '\n')

/** Emits both packages; the test emits them to a temporary folder. */
export function emitDeclarations(typesDir = TYPES_DIR, sdkDir = SDK_TYPES_DIR) {
  rmSync(typesDir, { recursive: true, force: true })
  const program = ts.createProgram([join(root, 'src/types/index.ts')], {
    declaration: true, emitDeclarationOnly: true, rootDir: join(root, 'src/types'), outDir: typesDir,
    strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], skipLibCheck: true,
  })
  const result = program.emit()
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics]
  if (diagnostics.length) {
    throw new Error(ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }))
  }
  writeJson(join(typesDir, 'package.json'), {
    name: 'mini-interval', version, license: 'MIT',
    description: 'Types of Mini Interval actions (io, ctx, Action, Page, Layout, Interval); the runtime is the VS Code extension.',
    types: 'index.d.ts', files: ['*.d.ts'],
  })
  rmSync(sdkDir, { recursive: true, force: true })
  mkdirSync(sdkDir, { recursive: true })
  writeFileSync(join(sdkDir, 'index.d.ts'), "// Interval's package name for Mini Interval's types.\nexport * from 'mini-interval'\nexport { default } from 'mini-interval'\n")
  writeJson(join(sdkDir, 'package.json'), {
    name: '@interval/sdk', version, license: 'MIT',
    description: 'Mini Interval\'s types under Interval\'s package name, for existing Interval code.',
    types: 'index.d.ts', files: ['index.d.ts'], dependencies: { 'mini-interval': version },
  })
}

/** The plugin package: its bundle and a copy of the declarations (the test bundles it elsewhere). */
export async function bundlePlugin({ production = false, pluginDir = PLUGIN_DIR, typesDir = TYPES_DIR } = {}) {
  rmSync(pluginDir, { recursive: true, force: true })
  await esbuild.build({
    entryPoints: [join(root, 'src/tsplugin/index.ts')], outfile: join(pluginDir, 'index.js'),
    bundle: true, platform: 'node', format: 'cjs', target: 'node18', minify: production, logLevel: 'warning',
    // tsserver calls the module itself as the plugin factory.
    footer: { js: 'module.exports = Object.assign(module.exports.init, module.exports);' },
  })
  writeJson(join(pluginDir, 'package.json'), { name: PLUGIN_NAME, version, private: true, main: 'index.js' })
  cpSync(typesDir, join(pluginDir, 'types'), { recursive: true, filter: (f) => !f.endsWith('package.json') })
}

export async function buildTypes({ production = false } = {}) {
  emitDeclarations()
  await bundlePlugin({ production })
}

/** Rewrites the .vsix with extension/node_modules/<plugin>/ added. */
export async function addPluginToVsix(vsix) {
  const files = readdirSync(PLUGIN_DIR, { recursive: true, withFileTypes: true }).filter((d) => d.isFile())
  const out = new yazl.ZipFile()
  const tmp = `${vsix}.tmp`
  // yazl reads each entry's stream only as it writes: the output must flow while entries are added.
  const written = new Promise((ok, fail) => out.outputStream.pipe(createWriteStream(tmp)).on('close', ok).on('error', fail))
  const zip = await new Promise((ok, fail) => yauzl.open(vsix, { lazyEntries: true }, (e, z) => (e ? fail(e) : ok(z))))
  const prefix = `extension/node_modules/${PLUGIN_NAME}/`
  await new Promise((ok, fail) => {
    zip.on('error', fail).on('end', ok).on('entry', (entry) => {
      if (entry.fileName.startsWith(prefix)) return zip.readEntry() // a rerun replaces it
      zip.openReadStream(entry, (e, stream) => {
        if (e) return fail(e)
        // Keep each entry's Unix mode: a platform .vsix's native esbuild must stay executable.
        const mode = entry.externalFileAttributes >>> 16
        out.addReadStream(stream, entry.fileName, { mtime: entry.getLastModDate(), ...(mode ? { mode } : {}) })
        stream.on('end', () => zip.readEntry())
      })
    })
    zip.readEntry()
  })
  for (const f of files) {
    const abs = join(f.parentPath, f.name)
    out.addFile(abs, prefix + abs.slice(PLUGIN_DIR.length + 1).replaceAll('\\', '/'))
  }
  out.end()
  await written
  renameSync(tmp, vsix)
  console.log(`[types] ${files.length} files of ${PLUGIN_NAME} added to ${vsix}`)
}

const vsixArg = process.argv.indexOf('--vsix')
if (vsixArg > 0) await addPluginToVsix(process.argv[vsixArg + 1])
