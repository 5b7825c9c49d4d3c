// The isolate's memories (credential verdicts, fallback counts, throttled
// addresses) are bounded: a flood of distinct keys may cost lookups, never
// memory. A Map keeps insertion order, so its first key is the oldest.

/** Sets `key` as the newest entry; when the map already holds `maxEntries`, the oldest goes. */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, maxEntries: number): void {
  map.delete(key)
  if (map.size >= maxEntries) {
    const oldest = map.keys().next()
    if (!oldest.done) map.delete(oldest.value)
  }
  map.set(key, value)
}
