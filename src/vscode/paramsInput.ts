// Params typed as JSON (Add Schedule…, Queue Action…): an object of plain JSON
// values, checked as it is typed, so what is stored is what each run gets.
import * as vscode from 'vscode'

/** What is wrong with `text` as params; nothing for an empty field (no params) or a JSON object. */
export function paramsProblem(text: string): string | undefined {
  if (!text.trim()) return undefined
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return `Not JSON: ${(e as Error).message}`
  }
  return value && typeof value === 'object' && !Array.isArray(value) ? undefined : 'Params are a JSON object, like {"customer": "ada@example.com"}'
}

export function parseParams(text: string): Record<string, unknown> {
  return text.trim() ? (JSON.parse(text) as Record<string, unknown>) : {}
}

/** Asks for params; undefined when the person gave up. */
export async function readParams(title: string): Promise<Record<string, unknown> | undefined> {
  const text = await vscode.window.showInputBox({
    title,
    prompt: 'Params as a JSON object (empty: none)',
    placeHolder: '{"customer": "ada@example.com"}',
    ignoreFocusOut: true,
    validateInput: paramsProblem,
  })
  return text === undefined ? undefined : parseParams(text)
}
