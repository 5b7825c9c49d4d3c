// Seeded randomness for the fuzzer. Every request draws from its own stream,
// derived from (seed, request index), so request #n of a seed is the same
// whatever the run's size, concurrency or --only selection.

export interface Random {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  chance(probability: number): boolean
  pick<T>(items: readonly T[]): T
  /** One of the entries, with probability proportional to its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T
  /** The items in a random order (a copy). */
  shuffle<T>(items: readonly T[]): T[]
}

/** FNV-1a over the text: the 32-bit seed words of a stream. */
function hash(text: string, salt: number): number {
  let h = (2166136261 ^ salt) >>> 0
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0
  return h
}

/** sfc32: small, fast, and good enough to spread fuzz cases. */
export function seeded(key: string): Random {
  let a = hash(key, 1)
  let b = hash(key, 2)
  let c = hash(key, 3)
  let d = hash(key, 4)
  const next = () => {
    a >>>= 0
    b >>>= 0
    c >>>= 0
    d >>>= 0
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 12; i++) next()
  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    weighted: (entries) => {
      const total = entries.reduce((sum, [, w]) => sum + w, 0)
      let r = next() * total
      for (const [item, w] of entries) {
        r -= w
        if (r < 0) return item
      }
      return entries[entries.length - 1]![0]
    },
    shuffle: (items) => {
      const out = [...items]
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        ;[out[i], out[j]] = [out[j]!, out[i]!]
      }
      return out
    },
  }
  return random
}

/** The stream of request `index` in a run with `seed`. */
export const requestRandom = (seed: number, index: number) => seeded(`fuzz:${seed}:${index}`)
