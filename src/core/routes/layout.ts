// A page's screen: its handler's Layout shown read-only with io.display: a
// heading with the title, the description and the menu items, then the
// children in order. Titles and descriptions may be values, promises or functions.
import type { ActionCtx } from '../runtime/ctx'
import type { IO } from '../runtime/io'
import type { EventualValue, Page } from './page'

async function eventual<T>(value: EventualValue<T> | undefined): Promise<T | undefined> {
  return typeof value === 'function' ? (value as () => T | Promise<T>)() : value
}

export async function renderPage(page: Page, io: IO, ctx: ActionCtx): Promise<void> {
  const layout = await page.handler!(io.display, ctx)
  if (!layout || typeof layout !== 'object') throw new TypeError(`The handler of the page "${page.name}" must return a Layout (\`new Layout({ title, children })\`).`)
  const [title, description] = await Promise.all([eventual(layout.title), eventual(layout.description)])
  await io.display.heading(String(title ?? page.name), {
    ...(description ?? page.description ? { description: String(description ?? page.description) } : {}),
    ...(layout.menuItems?.length ? { menuItems: layout.menuItems } : {}),
  })
  // Children are display calls the handler made: each is shown when awaited, in order.
  for (const child of layout.children ?? []) await child
}
