// JSON.stringify(value, null, 2) in pieces, so a desk account's 100 MB report never exists as one string.
// The containers of the top `open` levels are written a run of children at a time, and each run by one call
// of JSON.stringify itself (native, and far faster than any writer in JavaScript): the run is wrapped in as
// many arrays as its container is deep, so JSON.stringify indents it as the document does, and the wrapping's
// brackets are cut off again (a slice, not a copy). A run holds about PIECE characters: few calls and writes,
// and no piece large enough for V8's large-object space (a two-byte string of 64 K characters is, and that
// space is freed only by a full collection: 64 K pieces grew the heap by hundreds of MB while a report was
// written).

/** Characters per run, roughly: the run's length in children doubles or halves towards it. */
const PIECE = 16_384

/**
 * The pieces of JSON.stringify(value, null, 2); objects and arrays are opened down to `open` levels (the
 * document, then its arrays and records), what lies below is written whole. An object with a toJSON method is
 * never opened; inside a run, its toJSON receives its index in the run (the report holds none).
 */
export function* jsonPieces(value: unknown, open: number): Generator<string> {
  if (open > 0 && opens(value)) yield* containerPieces(value, 0, open)
  else yield JSON.stringify(value, null, 2)
}

function* containerPieces(container: object, depth: number, open: number): Generator<string> {
  const array = Array.isArray(container)
  const keys = array ? undefined : Object.keys(container)
  const count = keys ? keys.length : (container as unknown[]).length
  const childAt = (i: number): unknown => (keys ? (container as Record<string, unknown>)[keys[i]!] : (container as unknown[])[i])
  const inner = indent(depth + 1)
  let written = false
  const opening = (): string => {
    const text = written ? `,${inner}` : `${array ? '[' : '{'}${inner}`
    written = true
    return text
  }
  let run = 16
  for (let i = 0; i < count; ) {
    if (open > 1 && opens(childAt(i))) {
      yield keys ? `${opening()}${JSON.stringify(keys[i])}: ` : opening()
      yield* containerPieces(childAt(i) as object, depth + 1, open - 1)
      i++
      continue
    }
    let end = Math.min(count, i + run)
    if (open > 1) {
      for (let j = i + 1; j < end; j++) {
        if (opens(childAt(j))) {
          end = j
          break
        }
      }
    }
    const text = runText(keys ? subset(container as Record<string, unknown>, keys, i, end) : (container as unknown[]).slice(i, end), depth)
    if (text !== '') yield `${opening()}${text}`
    if (text.length < PIECE / 2) run *= 2
    else if (text.length > PIECE * 2 && run > 1) run = Math.ceil(run / 2)
    i = end
  }
  yield written ? `${indent(depth)}${array ? ']' : '}'}` : array ? '[]' : '{}'
}

/**
 * The children of `container` as JSON.stringify writes them inside it at `depth`, between its brackets (items or
 * properties joined by a comma and a new line); '' when it writes none (every property undefined).
 */
function runText(container: object, depth: number): string {
  let wrapped: unknown = container
  for (let d = 0; d < depth; d++) wrapped = [wrapped]
  const text = JSON.stringify(wrapped, null, 2)
  // Each level opens with a bracket, a new line and its indent, and closes with a new line, its indent and a bracket.
  const head = (depth + 1) * (depth + 4)
  const tail = (depth + 1) * (depth + 2)
  return text.length > head + tail ? text.slice(head, text.length - tail) : ''
}

/** The properties keys[from..to) of `record`, in that order (Object.keys' order, which a subset keeps). */
function subset(record: Record<string, unknown>, keys: readonly string[], from: number, to: number): Record<string, unknown> {
  const part: Record<string, unknown> = {}
  for (let i = from; i < to; i++) part[keys[i]!] = record[keys[i]!]
  return part
}

/** A container written piece by piece: a non-empty array, or a plain object with a property, without toJSON. */
function opens(value: unknown): value is object {
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') return false
  if (Array.isArray(value)) return value.length > 0
  const prototype = Object.getPrototypeOf(value)
  return (prototype === Object.prototype || prototype === null) && Object.keys(value).length > 0
}

const indents: string[] = []

/** A new line and two spaces per depth. */
function indent(depth: number): string {
  let text = indents[depth]
  if (text === undefined) {
    text = `\n${'  '.repeat(depth)}`
    indents[depth] = text
  }
  return text
}
