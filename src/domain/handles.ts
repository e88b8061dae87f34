// Server handles: a slug of the name, unique across the fake (every mcp_url shares one namespace).
const MAX_LENGTH = 60
const FALLBACK = 'mcp-server'

export function slugify (name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_LENGTH)
    .replace(/-+$/, '')
  return slug === '' ? FALLBACK : slug
}

/** The slug, or the slug with the first free `-2`, `-3`… suffix. */
export function uniqueHandle (name: string, taken: (handle: string) => boolean): string {
  const base = slugify(name)
  if (!taken(base)) return base
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`
    if (!taken(candidate)) return candidate
  }
}
