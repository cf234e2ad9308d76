// The core catalogs that VS Code and `serve` share, over a real temp folder
// through nodeFiles: action files, an Interval project's routes and workflow
// files are found, edits, new files and deletes show up, a broken action file
// is broken with a problem at its place, and the exclude globs hold.
import { strict as assert } from 'node:assert'
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ActionCatalog } from '../../src/core/discovery/catalog'
import { nodeFiles } from '../../src/core/discovery/nodeFiles'
import type { FileProblem, ProblemSink } from '../../src/core/discovery/problems'
import { WorkflowCatalog } from '../../src/core/discovery/workflowCatalog'
import { CompileCache } from '../../src/core/loader/cache'
import { ROOT, WASM, tempTree, workerPath } from './helpers'
import { eventually } from './eventually'

const action = (name: string) => `import { Action } from '@interval/sdk'\nexport default new Action({ name: '${name}', handler: async () => 1 })\n`
const EXCLUDE = ['**/node_modules/**', '**/legacy/**']

/** Problems as a sink keeps them, and what a log was told. */
function recorders() {
  const problems = new Map<string, FileProblem[]>()
  const sink: ProblemSink = { set: (file, list) => (list.length ? problems.set(file, list) : problems.delete(file)) }
  const lines: string[] = []
  const log = { info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`warn ${m}`) }
  return { problems, sink, lines, log }
}

describe('discovery catalogs over a folder on disk', function () {
  this.timeout(60_000)
  let dir: string
  let files: ReturnType<typeof nodeFiles>
  let catalog: ActionCatalog
  let workflows: WorkflowCatalog
  let rec: ReturnType<typeof recorders>
  let changes = 0
  const write = (rel: string, text: string) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }

  before(async () => {
    dir = tempTree({
      'hello.action.ts': action('Hello'),
      'billing/refund.action.ts': action('Refund'),
      'billing/lib.ts': 'export const x = 1\n',
      'legacy/old.action.ts': action('Old'),
      'node_modules/pkg/x.action.ts': action('Dependency'),
      'flows/steps.ts': 'export async function validate_order() {}\n',
      'flows/order.workflow.json': JSON.stringify({
        name: 'Order',
        actions: './steps.ts',
        steps: [
          { id: 'validate', type: 'task', config: { action: 'validate_order' }, depends_on: [] },
          { id: 'greet', type: 'human', config: { action: 'hello' }, depends_on: ['validate'] },
          { id: 'approve', type: 'human', config: { action: 'later/approve' }, depends_on: ['greet'] },
        ],
      }, null, 2),
      'flows/bad.workflow.json': '{ "name": "Bad", "steps": [ }',
      'legacy/skip.workflow.json': JSON.stringify({ name: 'Skipped', steps: [] }),
    })
    cpSync(join(ROOT, 'test/fixtures/interval-project'), join(dir, 'app'), { recursive: true })
    rec = recorders()
    files = nodeFiles(dir, { debounceMs: 30 })
    const folders = [{ name: 'w', path: dir }]
    catalog = new ActionCatalog({ folders, files, compiler: new CompileCache(WASM), workerPath: workerPath(), problems: rec.sink, log: rec.log, exclude: EXCLUDE })
    catalog.onDidChange(() => changes++)
    workflows = new WorkflowCatalog({ actions: catalog, folders, files, problems: rec.sink, log: rec.log, exclude: EXCLUDE })
    const indexed = catalog.refresh()
    await workflows.start(indexed)
  })
  after(() => {
    workflows?.dispose()
    catalog?.dispose()
    files?.dispose()
  })

  it('finds action files by the include and exclude globs, and loads each', () => {
    const files = catalog.all().filter((e) => !e.route)
    assert.deepEqual(files.map((e) => [e.slug, e.state, e.name]), [['billing/refund', 'ready', 'Refund'], ['hello', 'ready', 'Hello']])
    assert.equal(catalog.find(join(dir, 'hello.action.ts'))?.slug, 'hello', 'by path')
    assert.equal(catalog.find('billing/refund')?.file.relPath, 'billing/refund.action.ts', 'by slug')
    assert.equal(catalog.find('legacy/old'), undefined)
    assert.ok(rec.lines.some((l) => /^Found 2 action file\(s\) and \d+ Interval entry file route\(s\) in 1 folder\(s\)$/.test(l)), rec.lines.join('\n'))
  })

  it("finds an Interval project's routes: actions, pages, the routesDirectory's files", () => {
    const entry = join(dir, 'app/index.ts')
    const hello = catalog.find('hello_world')!
    assert.equal(hello.state, 'ready')
    assert.equal(hello.route?.key, `${entry}#hello_world`)
    assert.equal(hello.route?.routesDirectory, join(dir, 'app/routes'))
    const edit = catalog.find('users/edit_email')!
    assert.equal(edit.name, 'Edit email')
    assert.equal(edit.route?.source, join(dir, 'app/routes/users/edit_email.ts'))
    assert.ok(catalog.pages().some((p) => p.slug === 'reports' && p.name === 'Reports'))
    assert.ok(!catalog.listed().some((e) => e.route?.kind === 'page'), 'pages are not listed as actions')
    assert.ok(catalog.listed().some((e) => e.slug === 'billingOps/refund_user'))
  })

  it('finds workflow files, checks their step actions against the actions, and places problems', () => {
    assert.deepEqual(workflows.all().map((w) => [w.slug, w.state]), [['flows/bad', 'broken'], ['flows/order', 'broken']])
    const order = workflows.find('flows/order')!
    assert.equal(order.problems.length, 1, order.problems.map((p) => p.message).join('\n'))
    assert.match(order.problems[0]!.message, /Step "approve": "later\/approve" is neither/)
    // At the step's action value, in the sink as on the entry.
    const text = readFileSync(join(dir, 'flows/order.workflow.json'), 'utf8')
    const line = text.split('\n').findIndex((l) => l.includes('"later/approve"'))
    const range = order.problems[0]!.range
    assert.deepEqual([range.start.line, range.end.line], [line, line])
    assert.equal(text.split('\n')[line]!.slice(range.start.character, range.end.character), '"later/approve"')
    assert.deepEqual(rec.problems.get(join(dir, 'flows/order.workflow.json'))!.map((p) => p.range), [range])
    assert.ok(rec.problems.get(join(dir, 'flows/bad.workflow.json'))?.length)
    assert.equal(workflows.find('legacy/skip'), undefined)
  })

  it('a broken action file is broken, with its error and a problem at its place; fixed, both clear', async () => {
    const file = join(dir, 'broken.action.ts')
    write('broken.action.ts', `export default async (io) => {\n  const x = ;\n}\n`)
    const entry = await eventually('the broken file', () => catalog.find(file)?.state === 'broken' && catalog.find(file))
    assert.match(entry.error!, /broken\.action\.ts:2:\d+: Unexpected ";"/)
    const problems = rec.problems.get(file)!
    assert.equal(problems.length, 1)
    assert.equal(problems[0]!.range.start.line, 1)
    assert.equal(problems[0]!.message, entry.error)
    assert.ok(catalog.all().filter((e) => e.file.file !== file && !e.route).every((e) => e.state === 'ready'), 'the others are unaffected')
    write('broken.action.ts', action('Fixed now'))
    await eventually('the fixed file', () => catalog.find(file)?.name === 'Fixed now')
    assert.equal(rec.problems.has(file), false, 'the problem is cleared')
  })

  it('an edit, an added file and a deleted file each show up, and tell the listeners', async () => {
    let before = changes
    write('hello.action.ts', action('Hello again'))
    await eventually('the edit', () => catalog.find('hello')?.name === 'Hello again')
    assert.ok(changes > before)
    before = changes
    write('ops/new-one.action.ts', action('New one'))
    const added = await eventually('the new file', () => catalog.find('ops/new-one')?.state === 'ready' && catalog.find('ops/new-one'))
    assert.equal(added.name, 'New one')
    assert.ok(changes > before)
    before = changes
    rmSync(join(dir, 'ops/new-one.action.ts'))
    await eventually('the delete', () => !catalog.find('ops/new-one'))
    assert.ok(changes > before)
    // A deleted folder takes its actions with it.
    rmSync(join(dir, 'billing'), { recursive: true })
    await eventually('the folder delete', () => !catalog.find('billing/refund'))
  })

  it('the exclude globs hold for files created later', async () => {
    write('legacy/new.action.ts', action('Legacy'))
    write('node_modules/pkg/y.action.ts', action('Dependency'))
    write('marker.action.ts', action('Marker'))
    await eventually('the marker', () => catalog.find('marker')?.state === 'ready')
    await new Promise((r) => setTimeout(r, 200))
    assert.equal(catalog.find('legacy/new'), undefined)
    assert.equal(catalog.find('node_modules/pkg/y'), undefined)
  })

  it("an Interval route file's edit and a new route file reload the entry's routes", async () => {
    write('app/routes/users/edit_email.ts', action('Renamed'))
    await eventually('the renamed route', () => catalog.find('users/edit_email')?.name === 'Renamed')
    write('app/routes/users/added.ts', action('Added'))
    await eventually('the new route', () => catalog.find('users/added')?.name === 'Added')
    assert.equal(catalog.find('users/added')?.route?.key, `${join(dir, 'app/index.ts')}#users/added`)
  })

  it('a workflow becomes runnable when the action its step names appears, and an edit is seen', async () => {
    write('later/approve.action.ts', action('Approve'))
    await eventually('the workflow to be ready', () => workflows.find('flows/order')?.state === 'ready')
    assert.equal(rec.problems.has(join(dir, 'flows/order.workflow.json')), false)
    write('flows/bad.workflow.json', JSON.stringify({ name: 'Good now', steps: [{ id: 'a', type: 'task', config: {}, depends_on: [] }] }))
    await eventually('the fixed workflow', () => workflows.find('flows/bad')?.state === 'ready' && workflows.find('flows/bad')?.workflow?.name === 'Good now')
    rmSync(join(dir, 'flows/bad.workflow.json'))
    await eventually('the deleted workflow', () => !workflows.find('flows/bad'))
  })

  it('untrusted, nothing is compiled: the catalog is empty', async () => {
    const r = recorders()
    const untrusted = new ActionCatalog({ folders: [{ name: 'w', path: dir }], files, compiler: new CompileCache(WASM), workerPath: workerPath(), problems: r.sink, log: r.log, trusted: false })
    await untrusted.refresh()
    assert.deepEqual(untrusted.all(), [])
    untrusted.dispose()
  })
})
