// A list kept in a total order (ties broken, so every entry has one place): an entry is found, taken out or put
// in by binary search, with no scan of the list and no re-sort. The cascades keep each market's positions so.

/** Where `entry` is in `list` (sorted by `order`, a total order), or where it would go: a binary search. */
export function placeOf<T>(list: readonly T[], entry: T, order: (x: T, y: T) => number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (order(list[mid]!, entry) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Takes `entry` out of `list` (sorted by `order`), found by binary search; nothing when it is not there. */
export function takeOut<T>(list: T[], entry: T, order: (x: T, y: T) => number): void {
  const at = placeOf(list, entry, order)
  if (list[at] === entry) list.splice(at, 1)
}

/** Puts `entry` into `list` where `order` places it. */
export function putIn<T>(list: T[], entry: T, order: (x: T, y: T) => number): void {
  list.splice(placeOf(list, entry, order), 0, entry)
}
