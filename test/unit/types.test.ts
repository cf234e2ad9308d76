// The published types (src/types → types/mini-interval) and the TS server
// plugin that serves them (src/tsplugin): action files type-check against
// them, wrong calls fail with the expected messages, and the plugin makes
// 'mini-interval' and '@interval/sdk' resolve in a folder with no node_modules
// and no tsconfig, with hover docs and completions.
import * as assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import ts from 'typescript'
import { init } from '../../src/tsplugin'
import { ROOT, tempTree } from './helpers'

const FIXTURES = join(ROOT, 'test/fixtures/types')
let pkgs: string // a folder holding the two emitted packages, as `npm run build` makes them

const strict: ts.CompilerOptions = {
  strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler, skipLibCheck: false,
}
/** Points the two module names at the package folders: the only setup a CI user has. */
const atPackages = (): ts.CompilerOptions => ({
  ...strict, paths: { 'mini-interval': [join(pkgs, 'mini-interval')], '@interval/sdk': [join(pkgs, 'interval-sdk')] },
})
const text = (d: ts.Diagnostic): string => ts.flattenDiagnosticMessageText(d.messageText, '\n')
const where = (d: ts.Diagnostic): string =>
  d.file ? `${d.file.fileName.replace(ROOT + '/', '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '(global)'
const format = (ds: readonly ts.Diagnostic[]): string => ds.map((d) => `${where(d)} ${text(d)}`).join('\n')

function check(files: string[], options: ts.CompilerOptions, host?: ts.CompilerHost): readonly ts.Diagnostic[] {
  const program = ts.createProgram(files, options, host)
  return ts.getPreEmitDiagnostics(program)
}

const walk = (dir: string, keep: (f: string) => boolean): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)).filter(keep)

describe('published types', function () {
  this.timeout(60_000)

  before(async () => {
    pkgs = tempTree({})
    const { emitDeclarations } = await import('../../scripts/types.mjs')
    emitDeclarations(join(pkgs, 'mini-interval'), join(pkgs, 'interval-sdk'))
  })

  it('are packages named mini-interval and @interval/sdk with their declarations', () => {
    const main = JSON.parse(readFileSync(join(pkgs, 'mini-interval/package.json'), 'utf8'))
    const sdk = JSON.parse(readFileSync(join(pkgs, 'interval-sdk/package.json'), 'utf8'))
    assert.deepEqual([main.name, main.types, sdk.name, sdk.types], ['mini-interval', 'index.d.ts', '@interval/sdk', 'index.d.ts'])
    // JSDoc comes through into the declarations: hover docs need it.
    assert.match(readFileSync(join(pkgs, 'mini-interval/io.d.ts'), 'utf8'), /\/\*\* A number picked on a slider between `min` and `max`\. \*\/\n\s+slider\(/)
  })

  it('document every io method and every prop an author passes (JSDoc in the emitted declarations)', () => {
    // What the person gives back (dates, files) and the promise plumbing explain themselves; the rest needs hover docs.
    const exempt = new Set(['IOPromise', 'DateValue', 'DateInput', 'TimeValue', 'DatetimeInput', 'FileValue', 'OptionValue', 'ChoiceOf'])
    const file = join(pkgs, 'mini-interval/io.d.ts')
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)
    const missing: string[] = []
    let documented = 0
    const visit = (n: ts.Node, owner: string): void => {
      if ((ts.isPropertySignature(n) || ts.isMethodSignature(n)) && !ts.isComputedPropertyName(n.name) && !exempt.has(owner)) {
        if (ts.getJSDocCommentsAndTags(n).length) documented++
        else missing.push(`${owner}.${n.name.getText()}`)
      }
      const next = ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n) ? n.name.text : owner
      ts.forEachChild(n, (c) => visit(c, next))
    }
    visit(sf, '')
    assert.deepEqual(missing, [])
    assert.ok(documented > 150, `only ${documented} documented members`)
  })

  it('type-check the fixture action (many io calls, ctx, Pages) with no @types/node', () => {
    const diagnostics = check([join(FIXTURES, 'ok.action.ts')], { ...atPackages(), types: [] })
    assert.equal(format(diagnostics), '')
  })

  it('type-check every example action, and the example and fixture Interval projects', () => {
    const files = [
      ...walk(join(ROOT, 'examples'), (f) => f.endsWith('.action.ts') || (f.includes('/interval/') && f.endsWith('.ts'))),
      ...walk(join(ROOT, 'test/fixtures/interval-project'), (f) => f.endsWith('.ts')),
    ]
    assert.ok(files.length > 15, `only ${files.length} files`)
    const diagnostics = check(files, { ...atPackages(), types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], esModuleInterop: true })
    assert.equal(format(diagnostics), '')
  })

  it('refuse each wrong call with the expected message', () => {
    const file = join(FIXTURES, 'wrong.action.ts')
    const source = readFileSync(file, 'utf8')
    // As written, every @ts-expect-error must be used: the file is clean only if each line is an error.
    assert.equal(format(check([file], atPackages())), '')

    // Without the directives, each of those lines must fail with its message, and no other line.
    const expected = new Map<number, string>()
    source.split('\n').forEach((line, i) => {
      const m = /\/\/ @ts-expect-error (.+)$/.exec(line)
      if (m) expected.set(i + 2, m[1])
    })
    assert.ok(expected.size >= 15, `only ${expected.size} wrong calls`)
    const bare = source.replaceAll('// @ts-expect-error', '// expected:')
    const host = ts.createCompilerHost(atPackages())
    const read = host.getSourceFile
    host.getSourceFile = (name, ...rest) => (name === file ? ts.createSourceFile(name, bare, ts.ScriptTarget.ES2022, true) : read(name, ...rest))
    const got = new Map<number, string[]>()
    for (const d of check([file], atPackages(), host)) {
      const line = Number(where(d).split(':').pop())
      got.set(line, [...(got.get(line) ?? []), text(d)])
    }
    for (const [line, message] of expected) {
      assert.ok(got.get(line)?.some((t) => t.includes(message)), `line ${line}: expected "${message}", got ${JSON.stringify(got.get(line))}`)
    }
    assert.deepEqual([...got.keys()].filter((l) => !expected.has(l)), [], `unexpected errors: ${JSON.stringify([...got])}`)
  })
})

describe('TS server plugin', function () {
  this.timeout(60_000)
  const declarations = (): string => join(pkgs, 'mini-interval/index.d.ts')

  /** A language service over a folder with no node_modules and no tsconfig, as an inferred project sees it. */
  function service(dir: string, files: string[], withPlugin: boolean): ts.LanguageService {
    const options: ts.CompilerOptions = { ...ts.getDefaultCompilerOptions(), strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [] }
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => options,
      getScriptFileNames: () => files.map((f) => join(dir, f)),
      getScriptVersion: () => '1',
      getScriptSnapshot: (f) => (ts.sys.fileExists(f) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(f)!) : undefined),
      getCurrentDirectory: () => dir,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: ts.sys.fileExists, readFile: ts.sys.readFile, readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists, getDirectories: ts.sys.getDirectories,
    }
    const languageService = ts.createLanguageService(host)
    if (!withPlugin) return languageService
    const info = { languageServiceHost: host, languageService, config: { declarations: declarations() } } as unknown as ts.server.PluginCreateInfo
    return init({ typescript: ts as unknown as typeof import('typescript/lib/tsserverlibrary') }).create(info)
  }

  const ok = "import { defineAction } from 'mini-interval'\nexport default defineAction(async (io, ctx) => {\n  const name = await io.input.text('Name')\n  ctx.log(name)\n})\n"
  const wrong = "import { io } from '@interval/sdk'\nexport const run = async () => io.input.slider('Level', { min: 0 })\n"
  const files = { 'a.action.ts': ok, 'b.action.ts': wrong }
  const diagnostics = (ls: ts.LanguageService, file: string): string[] =>
    [...ls.getSyntacticDiagnostics(file), ...ls.getSemanticDiagnostics(file)].map(text)

  it('without it, the modules do not resolve in a bare folder', () => {
    const dir = tempTree(files)
    const ls = service(dir, Object.keys(files), false)
    assert.match(diagnostics(ls, join(dir, 'a.action.ts')).join('\n'), /Cannot find module 'mini-interval'/)
  })

  it('resolves both modules to the shipped declarations: no error for a correct call, one for a wrong call', () => {
    const dir = tempTree(files)
    const ls = service(dir, Object.keys(files), true)
    assert.deepEqual(diagnostics(ls, join(dir, 'a.action.ts')), [])
    const b = diagnostics(ls, join(dir, 'b.action.ts'))
    assert.equal(b.length, 1, b.join('\n'))
    assert.match(b[0], /Property 'max' is missing/)
    const program = ls.getProgram()!
    assert.ok(program.getSourceFile(declarations()), 'the declarations are part of the program')
  })

  it('gives hover docs and completions of io methods', () => {
    const dir = tempTree(files)
    const file = join(dir, 'a.action.ts')
    const ls = service(dir, Object.keys(files), true)
    const hover = ls.getQuickInfoAtPosition(file, ok.indexOf('text('))!
    assert.match(ts.displayPartsToString(hover.documentation), /A line of text/)
    assert.match(ts.displayPartsToString(hover.displayParts), /InputPromise<string>/)
    const completions = ls.getCompletionsAtPosition(file, ok.indexOf('input.') + 'input.'.length, {})!
    for (const name of ['text', 'slider', 'file', 'datetime']) assert.ok(completions.entries.some((e) => e.name === name), name)
  })

  it('leaves another resolution alone (an installed package wins)', () => {
    const dir = tempTree({ ...files, 'node_modules/mini-interval/package.json': '{"name":"mini-interval","types":"index.d.ts"}', 'node_modules/mini-interval/index.d.ts': 'export declare const defineAction: (x: unknown) => "mine"\n' })
    const ls = service(dir, ['a.action.ts'], true)
    const program = ls.getProgram()!
    assert.ok(program.getSourceFile(join(dir, 'node_modules/mini-interval/index.d.ts')))
    assert.equal(program.getSourceFile(declarations()), undefined)
  })

  it('loads in a real tsserver from <extension>/node_modules, as VS Code starts it, and reports a wrong call', async () => {
    // The extension folder as the .vsix installs it: only the plugin package under node_modules.
    const extension = tempTree({})
    const { bundlePlugin } = await import('../../scripts/types.mjs')
    await bundlePlugin({ pluginDir: join(extension, 'node_modules/mini-interval-ts-plugin'), typesDir: join(pkgs, 'mini-interval') })
    const dir = tempTree(files)
    const tsserver = spawn(process.execPath, [require.resolve('typescript/lib/tsserver.js'),
      '--globalPlugins', 'mini-interval-ts-plugin', '--pluginProbeLocations', extension, '--disableAutomaticTypingAcquisition'], { stdio: ['pipe', 'pipe', 'ignore'] })
    try {
      const answers = new Map<number, { body: { text: string }[] }>()
      let out = ''
      const answered = new Promise<void>((resolve) => tsserver.stdout.on('data', (d) => {
        out += d
        for (const m of out.matchAll(/^\{.*"type":"response".*\}$/gm)) {
          const r = JSON.parse(m[0])
          answers.set(r.request_seq, r)
        }
        if (answers.has(4) && answers.has(5)) resolve()
      }))
      let seq = 0
      const send = (command: string, args: object): void => void tsserver.stdin.write(JSON.stringify({ seq: ++seq, type: 'request', command, arguments: args }) + '\n')
      // VS Code's options for files outside any tsconfig (its js/ts.implicitProjectConfig defaults).
      send('compilerOptionsForInferredProjects', { options: { module: 'ESNext', moduleResolution: 'Bundler', target: 'ES2022', strictNullChecks: true, strictFunctionTypes: true, allowJs: true } })
      send('open', { file: join(dir, 'a.action.ts') })
      send('open', { file: join(dir, 'b.action.ts') })
      send('semanticDiagnosticsSync', { file: join(dir, 'a.action.ts') })
      send('semanticDiagnosticsSync', { file: join(dir, 'b.action.ts') })
      await answered
      assert.deepEqual(answers.get(4)!.body.map((d) => d.text), [])
      assert.deepEqual(answers.get(5)!.body.map((d) => d.text.split('\n')[0]), [
        "Argument of type '{ min: number; }' is not assignable to parameter of type 'SliderProps'.",
      ])
    } finally {
      tsserver.kill()
    }
  })
})
