// Interval's rules for route slugs and for the names it gives folders.

/** One segment of a route's slug: what Interval's server accepted. */
const SLUG = /^[A-Za-z0-9_.-]+$/

/** Why `key` cannot be a route's slug, or undefined when it can. */
export function slugProblem(key: string): string | undefined {
  if (SLUG.test(key)) return undefined
  return `Invalid slug "${key}": slugs may contain only letters, numbers, underscores, periods and hyphens.`
}

/**
 * A folder of a routesDirectory → its page's name, as Interval's file loader
 * names it: `userTools` → "User tools", `URLs_old` → "Urls old", `my-page` → "My page".
 */
export function slugToName(slug: string): string {
  let s = slug.includes('/') ? slug.slice(slug.lastIndexOf('/') + 1) : slug
  if (s === s.toUpperCase()) s = s.toLowerCase()
  // A run of capitals (URL) stays one word.
  for (const run of s.match(/[A-Z][A-Z]+/g) ?? []) {
    const word = run.slice(0, -1)
    s = s.replace(word, ` ${word.toLowerCase()} `)
  }
  const words = s
    .replace(/[-_.]+/g, ' ')
    .split(/((?!^)(?=[A-Z]))|\s+/g)
    .filter(Boolean)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length)
  const joined = words.join(' ')
  return joined.charAt(0).toUpperCase() + joined.slice(1)
}
