// What **Mini Interval: New Action** writes: a file name from the name the
// person typed, and a typed, commented action that runs as written.

/** `Refund customer!` → `refund-customer`: lower case, runs of other characters become one `-`. */
export function actionFileStem(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
}

/** Why `name` cannot name a new action, or undefined when it can (the input box shows the message). */
export function checkActionName(name: string): string | undefined {
  const trimmed = name.trim()
  if (!trimmed) return 'Give the action a name, for example "Refund customer".'
  if (trimmed.length > 80) return 'Keep the name under 80 characters.'
  if (/[\r\n]/.test(name)) return 'The name must fit on one line.'
  if (!actionFileStem(trimmed)) return 'The name needs at least one letter or digit (it also names the file).'
  return undefined
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/** The source of a new action named `name`. */
export function actionTemplate(name: string): string {
  const title = name.trim()
  return `// ${title.replace(/\*\//g, '* /')}: a Mini Interval action. Run it with ▶ Run above \`export default\`,
// from the Actions view, or with "Mini Interval: Run Action".
import { defineAction } from 'mini-interval'

export default defineAction({
  name: ${quote(title)},
  description: 'What this action does, shown in the Actions view and the quick pick',
  // \`io\` asks the person running the action; \`ctx\` describes this run (user, params, log, loading).
  handler: async (io, ctx) => {
    // Each \`await io.…\` shows one screen and resolves to the answer.
    const who = await io.input.text('Who is this for?', { placeholder: 'Ada Lovelace' })
    // Shown live in the panel and kept in History.
    ctx.log(\`Greeting \${who}\`)
    // The return value is the result: an object is shown as a list of keys and values.
    return { greeting: \`Hello, \${who}!\`, letters: who.length }
  },
})
`
}
