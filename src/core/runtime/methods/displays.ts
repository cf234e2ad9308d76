// Displays whose props need converting: links and menus (an `action` is a
// route), media Buffers, object data, and metadata values that resolve later.
import type { ButtonTheme, LinkWire, MenuItemWire, MetadataItemWire } from '../../protocol'
import { toJsonSafe } from '../serialize'
import { imageWire, mediaUrl } from './media'
import { compact, type MethodImpl } from './types'

/** Interval names another action `route` (or `action` in older code), and a URL `url` (or `href`). */
export const link = (p: { url?: string; href?: string; route?: string; action?: string; params?: Record<string, unknown> }): LinkWire =>
  compact({ url: p.url ?? p.href, route: p.route ?? p.action, params: p.params ? (toJsonSafe(p.params) as Record<string, unknown>) : undefined })

/** Interval's deprecated `default` theme is the default look: no theme on the wire. */
export const themeWire = (t: ButtonTheme | 'default' | undefined): ButtonTheme | undefined => (t === 'default' ? undefined : t)

/** A menu item of a heading or a table row: a label and a link target. */
export const menuItemWire = (m: { label: string; theme?: ButtonTheme | 'default'; disabled?: boolean } & Parameters<typeof link>[0]): MenuItemWire =>
  compact({ label: m.label, theme: themeWire(m.theme), disabled: m.disabled, ...link(m) })

export const heading: MethodImpl = {
  toWire: (p) => ({
    props: compact({
      level: p.level ?? 2,
      description: p.description,
      menuItems: p.menuItems?.map(menuItemWire),
    }),
  }),
  fromWire: () => null,
}

export const linkDisplay: MethodImpl = {
  toWire: (p, label) => {
    const target = link(p)
    if (!target.url && !target.route) throw new TypeError(`io.display.link("${label}"): give a "url" or a "route"`)
    return { props: compact({ ...target, theme: themeWire(p.theme) }) }
  },
  fromWire: () => null,
}

export const image: MethodImpl = {
  toWire: (p) => ({ props: compact({ ...p, buffer: undefined, url: mediaUrl(p, 'io.display.image', 'image/png') }) }),
  fromWire: () => null,
}

export const video: MethodImpl = {
  toWire: (p) => ({ props: compact({ ...p, buffer: undefined, url: mediaUrl(p, 'io.display.video', 'video/mp4') }) }),
  fromWire: () => null,
}

export const object: MethodImpl = {
  toWire: (p) => ({ props: { data: toJsonSafe(p.data) ?? null } }),
  fromWire: () => null,
}

type Item = { label: string; value?: unknown; url?: string; route?: string; action?: string; params?: Record<string, unknown>; image?: any }

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as PromiseLike<unknown>)?.then === 'function'
const isEventual = (v: unknown): boolean => typeof v === 'function' || isThenable(v)
const EVENTUAL = ['value', 'url', 'route', 'action', 'params', 'image'] as const

/** One item's wire form from its settled fields. */
function itemWire(item: Item): MetadataItemWire {
  const wire: MetadataItemWire = compact({ label: item.label, ...link(item), image: imageWire(item.image) })
  if (item.value !== undefined) wire.value = toJsonSafe(item.value)   // null stays: it is shown as empty
  return wire
}

/** Settles every field that is a promise or a function (Interval's EventualValue). */
async function settle(item: Item): Promise<Item> {
  const out: Record<string, unknown> = { ...item }
  await Promise.all(EVENTUAL.map(async (k) => {
    const v = item[k]
    if (isEventual(v)) out[k] = await (typeof v === 'function' ? (v as () => unknown)() : v)
  }))
  return out as Item
}

/** Metadata values, links and images may be promises or functions: the item shows as pending, then is re-sent as it resolves. */
export const metadata: MethodImpl = {
  toWire: (p) => {
    const items = p.data as Item[]
    const pending: number[] = []
    const wire: MetadataItemWire[] = items.map((item, i) => {
      if (!EVENTUAL.some((k) => isEventual(item[k]))) return itemWire(item)
      pending.push(i)
      const known = Object.fromEntries(Object.entries(item).filter(([, v]) => !isEventual(v))) as Item
      return { ...itemWire(known), pending: true }
    })
    const props = { layout: p.layout ?? 'grid', data: wire }
    if (!pending.length) return { props }
    return {
      props,
      later: (update) => {
        for (const i of pending) {
          Promise.resolve()
            .then(() => settle(items[i]!))
            .then(
              (item) => (wire[i] = itemWire(item)),
              (e: unknown) => (wire[i] = compact({ ...wire[i], pending: undefined, error: e instanceof Error ? e.message : String(e) })),
            )
            .then(() => update({ ...props, data: [...wire] }))
        }
      },
    }
  },
  fromWire: () => null,
}
