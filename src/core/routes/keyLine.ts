// Where a route is written in its entry file: the first line with its key
// (`key:`, `'key':`, or shorthand `key,`), for ▶ Run lenses and Problems.
export function routeKeyLine(text: string, slug: string): number | undefined {
  const key = slug.split('/').pop()!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const re = new RegExp(`(^|[\\s{,])(['"\`]?)${key}\\2\\s*([:,}]|$)`)
  const line = text.split('\n').findIndex((l) => re.test(l))
  return line < 0 ? undefined : line
}
