// Values made once per key, for the figures and texts that many items of a run repeat (a market's rate, a hold,
// a settlement instant). Only for pure functions of the key: the cached value is the one a fresh call would make.

/** `make` once per key object (kept while the key lives): for immutable keys such as a Decimal. */
export function oncePer<K extends object, V>(make: (key: K) => V): (key: K) => V {
  const made = new WeakMap<K, V>()
  return (key) => {
    let value = made.get(key)
    if (value === undefined) {
      value = make(key)
      made.set(key, value)
    }
    return value
  }
}

/** `make` once per primitive key; at most `limit` kept (all dropped past it), so a long `watch` session never grows. */
export function onceBy<K extends string | number, V>(make: (key: K) => V, limit = 4096): (key: K) => V {
  const made = new Map<K, V>()
  return (key) => {
    let value = made.get(key)
    if (value === undefined) {
      value = make(key)
      if (made.size >= limit) made.clear()
      made.set(key, value)
    }
    return value
  }
}

/** `make` once per key object within a context (one context kept per key: a price is its market's). */
export function oncePerIn<K extends object, C, V>(make: (key: K, context: C) => V): (key: K, context: C) => V {
  const made = new WeakMap<K, { context: C; value: V }>()
  return (key, context) => {
    const kept = made.get(key)
    if (kept && kept.context === context) return kept.value
    const value = make(key, context)
    made.set(key, { context, value })
    return value
  }
}
