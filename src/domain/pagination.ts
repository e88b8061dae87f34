// Page arithmetic shared by every list route.
export interface Page<T> {
  items: T[]
  count: number
  page: number
  per_page: number
}

export interface PageRequest {
  page?: number
  per_page?: number
}

/** per_page above the maximum is clamped (a fidelity note in README), never refused. */
export function paginate<T> (all: readonly T[], req: PageRequest, perPageDefault: number, perPageMax: number): Page<T> {
  const page = req.page ?? 1
  const perPage = Math.min(req.per_page ?? perPageDefault, perPageMax)
  const start = (page - 1) * perPage
  return { items: start < all.length ? all.slice(start, start + perPage) : [], count: all.length, page, per_page: perPage }
}
