// Displays whose props need converting: links and menus (an `action` is a
// route), media Buffers, object data, and metadata values that resolve later.
import type { ButtonTheme, LinkWire, MenuItemWire, MetadataItemWire } from '../../protocol'
import { toJsonSafe } from '../serialize'
import { imageWire, mediaUrl } from './media'
import { compact, type MethodImpl } from './types'

/** Interval names another action `route` (or `action` in older code). */
export const link = (p: { url?: string; route?: string; action?: string; params?: Record<string, unknown> }): LinkWire =>
  compact({ url: p.url, route: p.route ?? p.action, params: p.params ? (toJsonSafe(p.params) as Record<string, unknown>) : undefined })

/** A menu item of a heading or a table row: a label and a link target. */
export const menuItemWire = (m: { label: string; theme?: ButtonTheme; disabled?: boolean } & Parameters<typeof link>[0]): MenuItemWire =>
  compact({ label: m.label, theme: m.theme, disabled: m.disabled, ...link(m) })

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
    return { props: compact({ ...target, theme: p.theme }) }
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

/** Metadata values may be promises or functions: shown as pending, then re-sent as each resolves. */
export const metadata: MethodImpl = {
  toWire: (p) => {
    const items = p.data as Item[]
    const wire: MetadataItemWire[] = items.map((item) => compact({ label: item.label, ...link(item), image: imageWire(item.image) }))
    const pending: [number, () => unknown][] = []
    items.forEach((item, i) => {
      const v = item.value
      if (typeof v === 'function' || isThenable(v)) {
        wire[i].pending = true
        pending.push([i, () => (typeof v === 'function' ? (v as () => unknown)() : v)])
      } else if (v !== undefined) wire[i].value = toJsonSafe(v)
    })
    const props = { layout: p.layout ?? 'grid', data: wire }
    if (!pending.length) return { props }
    return {
      props,
      later: (update) => {
        for (const [i, get] of pending) {
          Promise.resolve()
            .then(get)
            .then(
              (v) => (wire[i] = compact({ ...wire[i], pending: undefined, value: toJsonSafe(v) })),
              (e: unknown) => (wire[i] = compact({ ...wire[i], pending: undefined, error: e instanceof Error ? e.message : String(e) })),
            )
            .then(() => update({ ...props, data: [...wire] }))
        }
      },
    }
  },
  fromWire: () => null,
}
