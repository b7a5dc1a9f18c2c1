// The console's calls, a page at a time (GET /hotline/calls with a cursor):
// a dispatcher scrolls through thousands of calls without the browser
// holding them all, and a new search starts from the first page again.
export const PAGE_SIZE = 50

export class CallPages {
  /** @param {(query: object) => Promise<{items: any[], counts?: object, next_cursor?: string|null}>} fetchPage */
  constructor(fetchPage) {
    this.fetchPage = fetchPage
    this.items = []
    this.counts = {}
    this.cursor = null
    this.query = {}
    this.loaded = false
    this.loading = false
    this.seq = 0
  }

  get hasMore() {
    return Boolean(this.cursor)
  }

  get total() {
    const s = this.query.state
    return (s ? this.counts[s] : this.counts.total) ?? this.items.length
  }

  /** The first page of a new query (state, q, org). */
  async reset(query) {
    const mine = ++this.seq
    this.query = { ...query }
    this.loading = true
    try {
      const r = await this.fetchPage({ ...this.query, limit: PAGE_SIZE })
      if (mine !== this.seq) return
      this.items = r.items ?? []
      this.counts = r.counts ?? {}
      this.cursor = r.next_cursor ?? null
      this.loaded = true
    } finally {
      if (mine === this.seq) this.loading = false
    }
  }

  /** The next page, appended; nothing when there is none or one is loading. */
  async more() {
    if (!this.cursor || this.loading) return
    const mine = this.seq
    this.loading = true
    try {
      const r = await this.fetchPage({ ...this.query, limit: PAGE_SIZE, cursor: this.cursor })
      if (mine !== this.seq) return
      const seen = new Set(this.items.map((c) => c.id))
      this.items = [...this.items, ...(r.items ?? []).filter((c) => !seen.has(c.id))]
      this.cursor = r.next_cursor ?? null
    } finally {
      if (mine === this.seq) this.loading = false
    }
  }
}
