// Schemas built on first use instead of at import. zod v4 builds each schema's internals as it is
// declared: the protocol's cost ~25 ms, most of the extension's module load, and activation parses
// nothing. A schema module returns its schemas from one function; each export is a stand-in that
// builds them all the first time anything of it is read, then forwards to the real schema.
// The worker's bundle defines MINI_INTERVAL_EAGER_SCHEMAS (scripts/build.mjs): a pooled worker builds
// them while it waits to be taken, off a Run's path, and uses the real objects with no stand-in.
declare const MINI_INTERVAL_EAGER_SCHEMAS: boolean | undefined

export function lazySchemas<T extends Record<string, object>>(build: () => T): T {
  if (typeof MINI_INTERVAL_EAGER_SCHEMAS !== 'undefined' && MINI_INTERVAL_EAGER_SCHEMAS) return build()
  let built: T | undefined
  const all = (): T => (built ??= build())
  // Each name's stand-in is made once, so `import { x }` everywhere is one object.
  const standIns = new Map<string, object>()
  return new Proxy({} as T, {
    get: (_t, key) => {
      if (typeof key !== 'string') return undefined
      let s = standIns.get(key)
      if (!s) standIns.set(key, (s = standIn(() => all()[key])))
      return s
    },
  })
}

/** An object that is `real()` for every reading, writing and reflection, built at the first. */
function standIn<T extends object>(real: () => T): T {
  let value: T | undefined
  const get = (): T => (value ??= real())
  return new Proxy({} as T, {
    get: (_t, k) => {
      const v = get()
      return Reflect.get(v, k, v)
    },
    set: (_t, k, x) => Reflect.set(get(), k, x),
    has: (_t, k) => Reflect.has(get(), k),
    ownKeys: () => Reflect.ownKeys(get()),
    // Reported configurable: the proxy's empty target has none of these, and a proxy may not
    // claim a non-configurable property its target lacks. Spreads and Object.keys still see them.
    getOwnPropertyDescriptor: (_t, k) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), k)
      return d && { ...d, configurable: true }
    },
    defineProperty: (_t, k, d) => Reflect.defineProperty(get(), k, d),
    deleteProperty: (_t, k) => Reflect.deleteProperty(get(), k),
    getPrototypeOf: () => Reflect.getPrototypeOf(get()),
  })
}
