/**
 * How people write the names of places and services, matched to the official list (issue 17):
 * "dalam bugis" is Dalambugis, "Kel. Sungai Jawi" is Sungaijawi, "Bencana" is probably "Korban
 * bencana". One matcher for the intake's kelurahan search and the spreadsheet import. Pure.
 */

// Administrative words written before a name that are not part of it.
const prefix = /^\s*(kelurahan|kel|desa|ds|kecamatan|kec)(\.\s*|\s+)/i

/** Lowercase letters and digits only, without a leading "Kel.", "Kelurahan" or "Desa": spaces, hyphens and case do not count. */
export function nameKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(prefix, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
}

const words = (text: string) =>
  text
    .normalize('NFKD')
    .replace(prefix, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)

// Two words are one when equal, or when one begins the other ("kel" is not a word here: prefixes are gone).
const sameWord = (a: string, b: string) => a === b || (Math.min(a.length, b.length) >= 4 && (a.startsWith(b) || b.startsWith(a)))

/**
 * How alike a written name is to an official one, 0–1: 1 for the same key, 0.9 when the written
 * name begins the official one ("benua melayu" → Benua Melayu Darat), 0.8 when every written word
 * is in it ("Bencana" → Korban bencana), else the share of words in common.
 */
export function similarity(written: string, official: string): number {
  const a = nameKey(written)
  const b = nameKey(official)
  if (!a || !b) return 0
  if (a === b) return 1
  if (a.length >= 4 && b.startsWith(a)) return 0.9
  const wa = words(written)
  const wb = words(official)
  const shared = wa.filter((w) => wb.some((o) => sameWord(w, o))).length
  if (shared === wa.length) return 0.8
  // A misspelling ("sungei jawi") shares most letter pairs with the name it means.
  return Math.max((2 * shared) / (wa.length + wb.length), 0.85 * letterPairs(a, b))
}

/** Dice coefficient of two strings' letter pairs, 0–1 (0 when either has fewer than two letters). */
export function letterPairs(a: string, b: string): number {
  if (a.length < 2 || b.length < 2) return 0
  const of = (s: string) => Array.from({ length: s.length - 1 }, (_, i) => s.slice(i, i + 2))
  const rest = of(b)
  let shared = 0
  for (const p of of(a)) {
    const at = rest.indexOf(p)
    if (at >= 0) {
      shared++
      rest.splice(at, 1)
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1)
}

export type Named<T> = { value: T; names: readonly string[] }
/** The entries with their keys computed once: a 50,000-row import looks each cell up in a map. */
export type NameIndex<T> = { entries: readonly Named<T>[]; keys: ReadonlyMap<string, T | null> }

export function nameIndex<T>(entries: readonly Named<T>[]): NameIndex<T> {
  const keys = new Map<string, T | null>()
  for (const e of entries) {
    for (const key of new Set(e.names.map(nameKey))) {
      if (key) keys.set(key, keys.has(key) && keys.get(key) !== e.value ? null : e.value)
    }
  }
  return { entries, keys }
}

/** The one entry whose key equals the written name's; null when several do (the same name in two kecamatan). */
export function exactMatch<T>(written: string, index: NameIndex<T>): T | null | undefined {
  return index.keys.get(nameKey(written))
}

/** The entries most like the written name, best first, at most `limit`, none below `min`. */
export function suggestions<T>(written: string, index: NameIndex<T>, limit = 3, min = 0.45): { value: T; score: number }[] {
  return index.entries
    .map((e) => ({ value: e.value, score: Math.max(...e.names.map((n) => similarity(written, n))) }))
    .filter((s) => s.score >= min)
    .sort((x, y) => y.score - x.score)
    .slice(0, limit)
}

/**
 * A search box's answer: the entries whose name contains what was typed, however it was spaced
 * ("dalam bugis" finds Dalambugis, "benua melayu" both Benuamelayu), and, when none does, the
 * entries most like it, so a misspelling still offers the name it means.
 */
export function search<T>(typed: string, index: NameIndex<T>): T[] {
  const key = nameKey(typed)
  if (!key) return index.entries.map((e) => e.value)
  const containing = index.entries.filter((e) => e.names.some((n) => nameKey(n).includes(key))).map((e) => e.value)
  return containing.length > 0 ? containing : suggestions(typed, index, 5, 0.5).map((s) => s.value)
}
