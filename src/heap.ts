// How far V8 lets the heap grow on a desk account. After each full collection V8 sets the next limit at the live
// heap times a growth factor of up to 4; on 10,000 positions the peak then lands wherever the last limit was set
// (550–610 MiB from one run to the next). With the growth capped at 50% the peak is about 520 MiB, for about 5%
// more time in collections (docs/performance.md, "The heap of a desk account"). A small file never gets there:
// its heap stays within V8's first limits, and its start-up is left as it is.

/** Positions from which a run caps the heap's growth. */
export const LARGE_ACCOUNT_POSITIONS = 5000
/** The cap: each new limit at most this percentage above the live heap. */
export const HEAP_GROWING_PERCENT = 50

type SetFlags = (flags: string) => void

const setV8Flags: SetFlags = (flags) => process.getBuiltinModule('node:v8').setFlagsFromString(flags)

/** Caps the heap's growth for an account of `positions` positions (a process-wide V8 setting: the CLI's, not the library's); true when set. */
export function sizeHeapFor(positions: number, setFlags: SetFlags = setV8Flags): boolean {
  if (positions < LARGE_ACCOUNT_POSITIONS) return false
  setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
  return true
}
