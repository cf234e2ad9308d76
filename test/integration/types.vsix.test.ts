// Authoring types with nothing installed, in the real VS Code with the packaged
// .vsix installed: a file outside any tsconfig and any node_modules gets hover
// docs from the published types, an error for a wrong io call and none for a
// correct one, through the extension's TS server plugin
// (node_modules/mini-interval-ts-plugin inside the .vsix).
import * as assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as vscode from 'vscode'

const OK = "import { defineAction } from 'mini-interval'\n\nexport default defineAction(async (io, ctx) => {\n  const name = await io.input.text('Name')\n  ctx.log(name)\n})\n"
const WRONG = "import { io } from '@interval/sdk'\n\nexport const level = async () => io.input.slider('Level', { min: 0 })\n"

/** Polls until `get` returns something (tsserver starts and checks in the background). */
async function until<T>(get: () => Promise<T | undefined> | T | undefined, what: string, ms = 120_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await get()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 500))
  }
}

describe('authoring types with nothing installed', function () {
  this.timeout(180_000)

  it('a wrong io call is an error, a correct one is not, and io methods have hover docs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mini-interval-types-'))
    const ok = vscode.Uri.file(join(dir, 'ok.action.ts'))
    const wrong = vscode.Uri.file(join(dir, 'wrong.action.ts'))
    writeFileSync(ok.fsPath, OK)
    writeFileSync(wrong.fsPath, WRONG)
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(ok), { preview: false })
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(wrong), { preview: false })

    const at = new vscode.Position(3, OK.split('\n')[3].indexOf('text('))
    const docs = await until(async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', ok, at)
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n')
      return text.includes('A line of text') ? text : undefined
    }, 'the hover docs of io.input.text')
    assert.match(docs, /InputPromise<string>/)

    const errors = await until(() => {
      const d = vscode.languages.getDiagnostics(wrong).filter((x) => x.severity === vscode.DiagnosticSeverity.Error)
      return d.length ? d : undefined
    }, 'the error of the wrong call')
    assert.equal(errors.length, 1, errors.map((e) => e.message).join('\n'))
    assert.match(errors[0].message, /'SliderProps'[\s\S]*Property 'max' is missing/)
    assert.equal(errors[0].range.start.line, 2)

    // The correct file was checked with the same program (its hover came from the shipped declarations).
    await new Promise((r) => setTimeout(r, 3000))
    assert.deepEqual(vscode.languages.getDiagnostics(ok).map((d) => d.message), [])
    await vscode.commands.executeCommand('workbench.action.closeAllEditors')
  })
})
