// Reads YAML text into plain data in one pass over js-yaml's event stream (a flat list of events with
// source offsets), and remembers where every value stands so any path into the data (a zod issue, a
// finding) can be pointed at as line:col. Line and column are computed only for the paths that are located.
import { EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE, type ScalarEvent, YAMLException } from 'js-yaml'
import { parseDocument } from 'yaml'
import type { YamlPath } from '../model.js'
import { plainNumberEnd } from '../plain-number.js'
import { encodingProblem } from './encoding.js'
import type { InputProblem } from './errors.js'
import { LIMITS, shorten } from './limits.js'

export interface Location {
  line: number
  column: number
}

export interface SourceDocument {
  /** Plain data with every number replaced by its source text (read exactly later). */
  data: unknown
  /** Where a path stands in the file; a path to a missing key points at its nearest existing parent. */
  locate(path: YamlPath, options?: { key?: boolean }): Location
  /** What the file writes at a path, as the messages name it (a number and a quoted "91500" are both text in `data`). */
  kindAt(path: YamlPath): ValueKind | undefined
}

export type ValueKind = 'number' | 'text' | 'boolean' | 'null' | 'list' | 'mapping'

/** `sidesFromText: false` reads every value through the parser's events (see readWithSidesCut). */
export function readDocument(source: string, { sidesFromText = true } = {}): { document?: SourceDocument; problems: InputProblem[] } {
  const bytes = Buffer.byteLength(source, 'utf8')
  if (bytes > LIMITS.fileBytes) {
    return {
      problems: [{ message: `the file is ${bytes} bytes; at most ${LIMITS.fileBytes} (${LIMITS.fileBytes / 1024 / 1024} MiB) are read`, line: 1, column: 1 }],
    }
  }
  const encoding = encodingProblem(source)
  if (encoding) return { problems: [{ message: encoding, line: 1, column: 1 }] }
  const lines = new LineIndex(source)
  const unprintable = unprintableCharacters(source, lines)
  if (unprintable.length > 0) return { problems: unprintable }
  const cut = sidesFromText ? readWithSidesCut(source, lines) : undefined
  if (cut) return { problems: [], document: documentOf(cut, lines) }
  let events: Event[]
  try {
    events = parseEvents(source, { maxDepth: PARSER_DEPTH })
  } catch (error) {
    return { problems: unparsed(source, error, lines) }
  }
  const read = new Reader(source, events, lines).read()
  if (read.secondDocument !== undefined) {
    return { problems: [{ message: 'a second YAML document (after ---): a portfolio file holds one', ...lines.at(read.secondDocument) }] }
  }
  if (read.problems.length > 0) return { problems: read.problems }
  return { problems: [], document: documentOf(read, lines) }
}

function documentOf({ data, places }: { data: unknown; places: Places }, lines: LineIndex): SourceDocument {
  return {
    data,
    locate: (path, options) => lines.at(places.offset(data, path, options?.key ?? false)),
    kindAt: (path) => places.kind(data, path),
  }
}

/**
 * A file whose book sides are written one to a line as a list of [price, size] pairs of plain numbers
 * (`bids: [[0.0499, 256785], [0.0498, 355712]]`, as the generator and the venues' exports write them) is read
 * with those sides cut out of the text the parser sees (blanked, so every other offset stands) and read straight
 * from the text here: the same data and places, without the parser's events for 40,000 numbers. Undefined when
 * the file has no such side, when the cut text does not parse, or when any cut side is not found where the
 * parser reads an empty value after its key, or the file has a problem: the whole text is then read as before,
 * so every message is the parser's.
 */
function readWithSidesCut(source: string, lines: LineIndex): ReturnType<Reader['read']> | undefined {
  const sides = flowSides(source)
  if (sides.size === 0) return undefined
  let events: Event[]
  try {
    events = parseEvents(cutOut(source, sides), { maxDepth: PARSER_DEPTH })
  } catch {
    return undefined
  }
  const reader = new Reader(source, events, lines, sides)
  const read = reader.read()
  if (read.secondDocument !== undefined || read.problems.length > 0 || reader.sidesRead !== sides.size) return undefined
  return read
}

/** A book side read from the text: its levels (each with its numbers' places) and its own places beside them. */
interface FlowSide {
  list: string[][]
  /** One past its closing `]]`. */
  end: number
  /** One past its last number, where the parser's last event of the side ends. */
  lastEnd: number
}

/** `bids:` or `asks:` at the start of a line, then spaces, then `[[`. */
const SIDE_START = /^ *(?:bids|asks): +(?=\[\[)/gm

/** The book sides written one to a line (see readWithSidesCut), by the offset of their `[[`. */
export function flowSides(source: string): Map<number, FlowSide> {
  const sides = new Map<number, FlowSide>()
  for (const match of source.matchAll(SIDE_START)) {
    const start = match.index + match[0].length
    const side = flowSide(source, start)
    if (side) sides.set(start, side)
  }
  return sides
}

const [OPEN, CLOSE, COMMA, SPACE, CR, LF] = ['[', ']', ',', ' ', '\r', '\n'].map((c) => c.charCodeAt(0)) as number[]

/**
 * The side whose `[[` stands at `start`: `[price, size]` pairs of plain numbers (see plain-number.ts), a comma and
 * any spaces after each number but the last of a pair and of the side, then `]]` and nothing but spaces to the end
 * of the line; undefined for anything else (the parser reads it).
 */
function flowSide(source: string, start: number): FlowSide | undefined {
  const list: string[][] = []
  const places: number[] = []
  const numbers: number[] = []
  let i = start + 1
  let lastEnd = start
  for (;;) {
    if (source.charCodeAt(i) !== OPEN) return undefined
    const priceEnd = sideNumberEnd(source, i + 1)
    if (priceEnd < 0 || source.charCodeAt(priceEnd) !== COMMA) return undefined
    let sizeAt = priceEnd + 1
    while (source.charCodeAt(sizeAt) === SPACE) sizeAt++
    const sizeEnd = sideNumberEnd(source, sizeAt)
    if (sizeEnd < 0 || source.charCodeAt(sizeEnd) !== CLOSE) return undefined
    list.push([source.slice(i + 1, priceEnd), source.slice(sizeAt, sizeEnd)])
    places.push(place(i, PLAIN))
    numbers.push(place(i + 1, NUMBER), place(sizeAt, NUMBER))
    lastEnd = sizeEnd
    i = sizeEnd + 1
    if (source.charCodeAt(i) === CLOSE) break
    if (source.charCodeAt(i) !== COMMA) return undefined
    i++
    while (source.charCodeAt(i) === SPACE) i++
  }
  const end = i + 1
  let j = end
  while (source.charCodeAt(j) === SPACE) j++
  if (j < source.length && source.charCodeAt(j) !== LF && !(source.charCodeAt(j) === CR && source.charCodeAt(j + 1) === LF)) return undefined
  remember(list, places, undefined)
  // One property for all the levels' numbers, where a property on each level took a tenth of reading the file.
  Object.defineProperty(list, LEVELS, { value: numbers })
  return { list, end, lastEnd }
}

/** One past the plain number at `i` (see plain-number.ts) of at most a number's length; -1 if none stands there. */
function sideNumberEnd(source: string, i: number): number {
  const end = plainNumberEnd(source, i)
  return end - i <= LIMITS.number.textLength ? end : -1
}

/** The text with each side blanked out, every other character where it was. */
function cutOut(source: string, sides: ReadonlyMap<number, FlowSide>): string {
  const parts: string[] = []
  let from = 0
  for (const [start, side] of sides) {
    parts.push(source.slice(from, start), ' '.repeat(side.end - start))
    from = side.end
  }
  parts.push(source.slice(from))
  return parts.join('')
}

// What YAML allows in a file's text (its c-printable set, as js-yaml reads it): no control character but tab,
// line feed, carriage return and next line; no noncharacter U+FFFE, U+FFFF; no unpaired surrogate; and no
// byte-order mark but at the start (YAML 1.2: "a BOM must not appear inside a document"; read, it became part
// of a key, and `unknown key "positions" (did you mean "positions"?)` named a mark no one can see).
const UNPRINTABLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters a YAML file must not hold
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|(?<!^)\uFEFF/g

/** Each character YAML does not allow in a file, at its line:col (js-yaml would refuse the first with "expected valid JSON character"). */
function unprintableCharacters(source: string, lines: LineIndex): InputProblem[] {
  const problems: InputProblem[] = []
  for (const match of source.matchAll(UNPRINTABLE)) {
    if (problems.length >= LIMITS.problems) break
    const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    const message =
      code === 'FEFF'
        ? 'a byte-order mark (U+FEFF) inside the file: remove it (one may stand only at the very start)'
        : `character U+${code} is not allowed in a YAML file (a control character or a noncharacter): remove it`
    problems.push({ message, ...lines.at(match.index) })
  }
  return problems
}

/**
 * js-yaml's bound on nesting, one past the format's: nesting of LIMITS.depth is found while reading, at the node
 * too deep; deeper nesting stops the parser (which recurses) where it passes this bound.
 */
const PARSER_DEPTH = LIMITS.depth + 1

const tooDeep = () => `nesting deeper than ${LIMITS.depth} levels of mappings and lists; the format needs at most 7`

/**
 * The problems of a file that does not parse. The `yaml` package words them as perp-check always has (and
 * reports every error it finds); js-yaml's own message stands when `yaml` finds none.
 */
function unparsed(source: string, error: unknown, lines: LineIndex): InputProblem[] {
  if (error instanceof RangeError) return [{ message: tooDeep(), line: 1, column: 1 }]
  if (!(error instanceof YAMLException)) throw error
  const at = lines.at(error.mark?.position ?? 0)
  if (/maxDepth/.test(error.reason)) return [{ message: tooDeep(), ...at }]
  const fromYaml = yamlProblems(source, lines)
  return fromYaml.length > 0 ? fromYaml : [{ message: `invalid YAML: ${error.reason}`, ...at }]
}

/** The errors `yaml` finds in the text, at their line:col (run only for a file js-yaml cannot parse). */
function yamlProblems(source: string, lines: LineIndex): InputProblem[] {
  let errors: { message: string; pos: [number, number] }[]
  try {
    errors = parseDocument(source, { uniqueKeys: false, prettyErrors: false, schema: 'core', logLevel: 'silent' }).errors
  } catch (error) {
    if (error instanceof RangeError) return [{ message: tooDeep(), line: 1, column: 1 }]
    throw error
  }
  return errors.map((error) => ({ message: yamlMessage(error.message), ...lines.at(error.pos[0]) }))
}

function yamlMessage(message: string): string {
  // yaml's messages may carry a code excerpt after the first line; keep the first line only.
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
  if (/call stack/i.test(first)) return tooDeep()
  return `invalid YAML: ${first}`
}

/** Offsets to line:col, by a binary search over the line starts (found on the first call). */
class LineIndex {
  private starts: number[] | undefined
  constructor(private readonly source: string) {}

  at(offset: number): Location {
    if (!this.starts) {
      const starts = [0]
      for (let i = this.source.indexOf('\n'); i !== -1; i = this.source.indexOf('\n', i + 1)) starts.push(i + 1)
      this.starts = starts
    }
    const starts = this.starts
    let [low, high] = [0, starts.length - 1]
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= offset) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: offset - starts[low]! + 1 }
  }
}

// Each value's place is one integer: its offset times 4 plus what it is (a value reached through an alias is
// located at the alias and not entered, as the file writes nothing inside it there).
const PLAIN = 0
const NUMBER = 1
const ALIAS = 2
/** A key written with no `:` after it (`{ a }`): its value is null, and has no place of its own. */
const ABSENT = 3
const place = (offset: number, what: number) => offset * 4 + what

/** Where a collection's children stand (their places) and, for a mapping, its keys in the file's order. */
const PLACES = Symbol('places')
const KEYS = Symbol('keys')
/** A book side read from the text (see flowSide): its levels' numbers' places, two per level, which its levels do not carry. */
const LEVELS = Symbol('levels')

type Located = { [PLACES]?: number[]; [KEYS]?: string[]; [LEVELS]?: number[] }

/** Puts the places beside the collection's values, out of sight of Object.keys, for...in and JSON. */
function remember(collection: object, places: number[], keys: string[] | undefined) {
  Object.defineProperty(collection, PLACES, { value: places })
  if (keys) Object.defineProperty(collection, KEYS, { value: keys })
}

/**
 * Where the values of every mapping and list stand: each collection in the data carries its children's
 * places (a mapping's as key, value pairs in the file's order, with its keys beside them). A book level is
 * read as a pair of texts with a pair of places beside it, and nothing else; the levels of a side read from the
 * text (flowSide) carry none: their numbers' places stand beside the side, two per level.
 */
class Places {
  /** The root value's place; -1 for a document with no content at all. */
  root = -1

  /** The offset of the deepest value on the path that the file writes (of its key, with `key`). */
  offset(data: unknown, path: YamlPath, key: boolean): number {
    let at = this.root
    let node = data
    let parent: unknown
    let keyAt: number | undefined
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!
      const child = at % 4 === ALIAS ? undefined : childOf(node, part, parent, path[i - 1])
      keyAt = i === path.length - 1 ? child?.key : undefined
      if (child === undefined || child.value % 4 === ABSENT) break
      at = child.value
      parent = node
      node = (node as Record<string | number, unknown>)[part]
    }
    if (key && keyAt !== undefined) return Math.floor(keyAt / 4)
    // With `key`, a path whose last key is not written falls back to its parent's value, as a missing key does.
    return Math.max(0, Math.floor(at / 4))
  }

  kind(data: unknown, path: YamlPath): ValueKind | undefined {
    let at = this.root
    let node = data
    let parent: unknown
    if (at < 0) return undefined
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!
      const child = at % 4 === ALIAS ? undefined : childOf(node, part, parent, path[i - 1])
      if (child === undefined) return undefined
      at = child.value
      parent = node
      node = (node as Record<string | number, unknown>)[part]
    }
    if (at % 4 === ALIAS || at % 4 === ABSENT) return undefined
    if (at % 4 === NUMBER) return 'number'
    if (node === null || node === undefined) return 'null'
    if (Array.isArray(node)) return 'list'
    if (typeof node === 'object') return 'mapping'
    return typeof node === 'boolean' ? 'boolean' : 'text'
  }
}

/** Where `part` of `node` stands; `node` is `parent`'s `partOfParent` (a level of a side read from the text has its places there). */
function childOf(
  node: unknown,
  part: string | number,
  parent: unknown,
  partOfParent: string | number | undefined,
): { key?: number; value: number } | undefined {
  if (node === null || typeof node !== 'object') return undefined
  const children = (node as Located)[PLACES] ?? levelPlaces(parent, partOfParent)
  if (!children) return undefined
  const keys = (node as Located)[KEYS]
  if (!keys) {
    const i = listIndex(part)
    return i >= 0 && i < children.length ? { value: children[i]! } : undefined
  }
  const index = keys.indexOf(String(part))
  return index === -1 ? undefined : { key: children[2 * index]!, value: children[2 * index + 1]! }
}

/** The places of level `index` of a side read from the text: its two numbers'. */
function levelPlaces(side: unknown, index: string | number | undefined): number[] | undefined {
  const numbers = side !== null && typeof side === 'object' ? (side as Located)[LEVELS] : undefined
  const k = numbers && index !== undefined ? listIndex(index) : -1
  return k >= 0 && 2 * k + 1 < numbers!.length ? [numbers![2 * k]!, numbers![2 * k + 1]!] : undefined
}

const listIndex = (part: string | number) => (typeof part === 'number' ? part : /^\d+$/.test(part) ? Number(part) : -1)

interface Frame {
  mapping: boolean
  value: Record<string, unknown> | unknown[]
  places: number[]
  keys: string[] | undefined
  /** The keys seen, for a mapping too large to search its keys for a duplicate. */
  seen: Set<string> | undefined
  /** The key read, awaiting its value; null while a key is awaited; undefined for a key that is not text. */
  key: string | null | undefined
  /** Values counted for alias expansion: this node and everything in it. */
  size: number
  anchor: string | undefined
}

interface Anchor {
  value: unknown
  size: number
  open: boolean
}

const CORE_NUMBER = [
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
  /^[-+]?[0-9]+$/,
  /^0o[0-7]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
]
/** The integers of the YAML 1.2 core schema (the first CORE_NUMBER patterns are its floats). */
const CORE_INT = [/^[-+]?[0-9]+$/, /^0o[0-7]+$/, /^0x[0-9a-fA-F]+$/]
const CORE_TAGS = ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'] as const
type CoreTag = (typeof CORE_TAGS)[number]

/** `!!int`, or its verbatim form `!<tag:yaml.org,2002:int>`, as its core schema name; undefined for any other tag. */
function coreTag(written: string): CoreTag | undefined {
  const name = written.startsWith('!!') ? written.slice(2) : /^!<tag:yaml\.org,2002:(\w+)>$/.exec(written)?.[1]
  return CORE_TAGS.find((tag) => tag === name)
}

function unknownTag(written: string): string {
  return `tag ${shorten(written)} is not read: a portfolio file takes the YAML core tags only (${CORE_TAGS.map((t) => `!!${t}`).join(', ')})`
}

const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/
const CORE_FALSE = /^(?:[Ff]alse|FALSE)$/

/** Past this many keys a mapping's duplicates are found in a Set rather than by searching its keys. */
const FEW_KEYS = 16

/**
 * One pass over the events, in time linear in the file: the data (numbers as their source text, 0.1 stays
 * "0.1"), each value's place, and the limits of the YAML structure (nesting, aliases and what they expand to,
 * the length of a value), keys that are plain text and appear once in their mapping.
 */
class Reader {
  private readonly problems: InputProblem[] = []
  private readonly reported = new Set<string>()
  private readonly anchors = new Map<string, Anchor>()
  private aliases = 0
  private expansion = 0
  /** Where the text after the last event read begins (an empty value stands after the next indicator). */
  private lastEnd = 0
  /** The place of the scalar read last. */
  private at = 0
  private readonly stack: Frame[] = []
  private readonly places = new Places()
  private root: unknown = null

  /** How many of `sides` were read where the parser found their key's empty value. */
  sidesRead = 0
  /** The side the scalar read last stands for (see scalar). */
  private side: FlowSide | undefined

  constructor(
    private readonly source: string,
    private readonly events: Event[],
    private readonly lines: LineIndex,
    /** Book sides cut out of the text the events were parsed from, by the offset of their `[[` (see readWithSidesCut). */
    private readonly sides?: ReadonlyMap<number, FlowSide>,
  ) {}

  read(): { data: unknown; places: Places; problems: InputProblem[]; secondDocument?: number } {
    const { events, stack } = this
    let documents = 0
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!
      const top = stack.length === 0 ? undefined : stack[stack.length - 1]!
      const awaitsKey = top?.mapping === true && top.key === null
      switch (event.type) {
        case EVENT_ID.DOCUMENT:
          if (++documents === 2) return { data: null, places: this.places, problems: [], secondDocument: this.secondDocumentAt() }
          break
        case EVENT_ID.POP: {
          const frame = stack.pop()
          if (!frame) break
          remember(frame.value, frame.places, frame.keys)
          if (frame.anchor !== undefined) {
            const anchor = this.anchors.get(frame.anchor)
            if (anchor && anchor.value === frame.value) [anchor.size, anchor.open] = [frame.size, false]
          }
          if (top !== undefined && stack.length > 0) stack[stack.length - 1]!.size += frame.size
          break
        }
        case EVENT_ID.SCALAR: {
          const value = this.scalar(event, top?.mapping === true && !awaitsKey)
          if (awaitsKey) this.key(top, value)
          else {
            if (event.anchorStart !== -1) this.anchors.set(this.text(event.anchorStart, event.anchorEnd), { value, size: 1, open: false })
            const side = this.side
            this.side = undefined
            if (side) this.sidesRead++
            // A side adds what the parser's events of it would: the list, and each level with its two numbers.
            this.value(value, this.at, side ? 1 + 3 * side.list.length : 1)
          }
          break
        }
        case EVENT_ID.ALIAS: {
          const start = event.anchorStart - 1
          this.lastEnd = event.anchorEnd
          if (awaitsKey) this.notAKey(top, start)
          else {
            const { value, size } = this.alias(this.text(event.anchorStart, event.anchorEnd), start)
            this.value(value, place(start, ALIAS), size)
          }
          break
        }
        default: {
          // A mapping or a list.
          const start = event.start
          this.lastEnd = event.style === 2 ? start + 1 : start
          if (event.tagStart !== -1) this.collectionTag(event, event.type === EVENT_ID.MAPPING)
          if (awaitsKey) {
            this.notAKey(top, start)
            i = skip(events, i)
          } else if (stack.length >= LIMITS.depth) {
            this.add(start, tooDeep(), 'depth')
            i = skip(events, i)
            this.value(null, place(start, PLAIN), 1)
          } else if (event.type === EVENT_ID.SEQUENCE && event.anchorStart === -1 && flatList(events, i)) {
            i = this.flatList(i, start)
          } else this.open(event.type === EVENT_ID.MAPPING, start, event.anchorStart === -1 ? undefined : this.text(event.anchorStart, event.anchorEnd))
        }
      }
    }
    return { data: this.root, places: this.places, problems: this.problems }
  }

  private open(mapping: boolean, start: number, anchor: string | undefined) {
    const collection: Frame['value'] = mapping ? {} : []
    if (anchor !== undefined) this.anchors.set(anchor, { value: collection, size: 1, open: true })
    this.value(collection, place(start, PLAIN), 0)
    const keys = mapping ? [] : undefined
    this.stack.push({ mapping, value: collection, places: [], keys, seen: undefined, key: null, size: 1, anchor })
  }

  /** A list of scalars alone (a book level, a forecast), read without a frame of its own: returns its closing event. */
  private flatList(i: number, start: number): number {
    const events = this.events
    let end = i + 1
    while (events[end]!.type === EVENT_ID.SCALAR) end++
    // Sized once: a list grown item by item reserves room for 17.
    const list: unknown[] = new Array(end - i - 1)
    const places: number[] = new Array(end - i - 1)
    for (let j = i + 1; j < end; j++) {
      list[j - i - 1] = this.scalar(events[j] as ScalarEvent, false)
      places[j - i - 1] = this.at
    }
    remember(list, places, undefined)
    this.value(list, place(start, PLAIN), 1 + list.length)
    return end
  }

  /** A value into its parent collection (or as the root); `size` is what it adds to the parent's. */
  private value(value: unknown, at: number, size: number) {
    const stack = this.stack
    if (stack.length === 0) {
      this.root = value
      this.places.root = at
      return
    }
    const parent = stack[stack.length - 1]!
    parent.size += size
    if (!parent.mapping) {
      ;(parent.value as unknown[]).push(value)
      parent.places.push(at)
      return
    }
    const key = parent.key
    parent.key = null
    if (key === undefined || key === null) {
      parent.places.pop()
      return
    }
    const object = parent.value as Record<string, unknown>
    // `__proto__` is an ordinary name here (a market may be called so): defined, never assigned.
    if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true })
    else object[key] = value
    parent.keys!.push(key)
    parent.places.push(at)
  }

  private key(frame: Frame, value: unknown) {
    const name = value === null ? '' : String(value)
    const keys = frame.keys!
    if (keys.length >= FEW_KEYS && !frame.seen) frame.seen = new Set(keys)
    if (frame.seen ? frame.seen.has(name) : keys.includes(name)) {
      this.add(Math.floor(this.at / 4), `duplicate key "${shorten(name)}": each key may appear once in a mapping`)
    }
    frame.seen?.add(name)
    frame.key = name
    frame.places.push(this.at)
  }

  private notAKey(frame: Frame, start: number) {
    this.add(start, 'a key must be plain text, not a list, a mapping or an alias')
    frame.key = undefined
    frame.places.push(place(start, PLAIN))
  }

  private alias(name: string, start: number): { value: unknown; size: number } {
    this.aliases++
    if (this.aliases > LIMITS.aliases) {
      this.add(start, `more than ${LIMITS.aliases} aliases`, 'aliases')
      return { value: null, size: 1 }
    }
    const target = this.anchors.get(name)
    if (!target) {
      this.add(start, `alias *${shorten(name)} refers to no anchor &${shorten(name)} before it`)
      return { value: null, size: 1 }
    }
    if (target.open) {
      this.add(start, `alias *${shorten(name)} is inside the value it refers to`)
      return { value: null, size: 1 }
    }
    this.expansion += target.size
    if (this.expansion > LIMITS.aliasExpansion) this.add(start, `aliases expand to more than ${LIMITS.aliasExpansion} values`, 'expansion')
    return { value: target.value, size: target.size }
  }

  /** A scalar's value as the YAML 1.2 core schema reads it (a number as its source text); its place goes to `at`. */
  private scalar(event: ScalarEvent, mappingValue: boolean): unknown {
    const { valueStart, valueEnd, style } = event
    const text = valueStart === -1 ? '' : event.fast ? this.source.slice(valueStart, valueEnd) : getScalarValue(this.source, event)
    const quoted = style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED
    let start: number
    if (valueStart === -1 && (event.anchorStart !== -1 || event.tagStart !== -1)) {
      // An empty value with an anchor or a tag (`&a`, `!!str`) stands after them and the spaces after them.
      start = Math.max(event.anchorEnd, event.tagEnd)
      while (this.source[start] === ' ' || this.source[start] === '\t') start++
    } else if (valueStart === -1) {
      start = this.emptyAt(mappingValue)
      if (start === -1) {
        this.at = place(this.lastEnd, ABSENT)
        return null
      }
      // A book side cut out of the parser's text stands here, within the depth a list of lists may take.
      const side = mappingValue ? this.sides?.get(start) : undefined
      if (side && this.stack.length < LIMITS.depth - 1) {
        this.side = side
        this.lastEnd = side.lastEnd
        this.at = place(start, PLAIN)
        return side.list
      }
    } else if (quoted) start = valueStart - 1
    else if (style === SCALAR_STYLE.LITERAL_BLOCK || style === SCALAR_STYLE.FOLDED_BLOCK) start = this.blockHeaderAt(valueStart)
    else start = valueStart
    this.lastEnd = valueEnd === -1 ? start : quoted ? valueEnd + 1 : valueEnd
    if (text.length > LIMITS.textLength) this.add(start, `a value of ${text.length} characters; at most ${LIMITS.textLength} are read`)
    this.at = place(start, PLAIN)
    if (event.tagStart !== -1) return this.tagged(this.text(event.tagStart, event.tagEnd), event.tagStart, text, start)
    if (style !== SCALAR_STYLE.PLAIN) return text
    const first = text.charCodeAt(0)
    // Digits, + - and . may begin a number; ~ n N t T f F a null or a boolean; anything else is text.
    if ((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46) {
      for (const pattern of CORE_NUMBER) {
        if (pattern.test(text)) {
          this.at = place(start, NUMBER)
          return text
        }
      }
      return text
    }
    if (CORE_NULL.test(text)) return null
    if (CORE_TRUE.test(text)) return true
    if (CORE_FALSE.test(text)) return false
    return text
  }

  /**
   * A scalar with a tag, read as YAML 1.2 says whatever its style: `!!str` text, `!!int` and `!!float` a number
   * (its source text), `!!bool` and `!!null` their values; text that is not of its tag's kind, a collection's tag
   * or any other tag is a problem at the tag.
   */
  private tagged(written: string, tagAt: number, text: string, start: number): unknown {
    const tag = coreTag(written)
    const refuse = (message: string) => {
      this.add(tagAt, message)
      return null
    }
    switch (tag) {
      case 'str':
        return text
      case 'int':
      case 'float': {
        const patterns = tag === 'int' ? CORE_INT : CORE_NUMBER
        if (!patterns.some((pattern) => pattern.test(text))) return refuse(`${written} "${shorten(text)}" is not ${tag === 'int' ? 'an integer' : 'a number'}`)
        this.at = place(start, NUMBER)
        return text
      }
      case 'bool':
        if (CORE_TRUE.test(text)) return true
        if (CORE_FALSE.test(text)) return false
        return refuse(`${written} "${shorten(text)}" is not true or false`)
      case 'null':
        return CORE_NULL.test(text) ? null : refuse(`${written} "${shorten(text)}" is not null`)
      case 'map':
      case 'seq':
        return refuse(`${written} on a single value: it is not a ${tag === 'map' ? 'mapping' : 'list'}`)
      default:
        return refuse(unknownTag(written))
    }
  }

  /** A mapping's or a list's tag: `!!map` on a mapping and `!!seq` on a list; any other is a problem at the tag. */
  private collectionTag(event: Event & { tagStart: number; tagEnd: number }, mapping: boolean) {
    const written = this.text(event.tagStart, event.tagEnd)
    const tag = coreTag(written)
    if (tag === (mapping ? 'map' : 'seq')) return
    this.add(event.tagStart, tag === undefined ? unknownTag(written) : `${written} on a ${mapping ? 'mapping' : 'list'}`)
  }

  /**
   * Where an empty value stands: after the indicator that precedes it (a mapping's `:`, a list's `-` or `,`)
   * and the spaces after it; -1 for a mapping key written with no `:` (`{ a }`), whose value is not written.
   */
  private emptyAt(mappingValue: boolean): number {
    const source = this.source
    let i = this.lastEnd
    if (mappingValue) {
      while (i < source.length && ' \t\r\n'.includes(source[i]!)) i++
      if (source[i] !== ':') return -1
    }
    while (i < source.length && !':-?,'.includes(source[i]!)) i++
    if (i < source.length) i++
    while (source[i] === ' ' || source[i] === '\t') i++
    return Math.min(i, source.length)
  }

  /** A block scalar stands at its header (`|` or `>`), before the lines it holds. */
  private blockHeaderAt(valueStart: number): number {
    const source = this.source
    for (let i = this.lastEnd; i < valueStart; i++) if (source[i] === '|' || source[i] === '>') return i
    return valueStart
  }

  /**
   * Where the second document begins: the first `---` (or, for a document begun without one, the `...` that
   * ended the first) at the start of a line after the first document's last value; found in the text, since an
   * empty document (a `---` alone at the end) has no value whose place would say it.
   */
  private secondDocumentAt(): number {
    const source = this.source
    // A first document with nothing in it ends at its own `---`.
    const from = this.lastEnd > 0 ? this.lastEnd : source.startsWith('---') ? 3 : 0
    for (const marker of [/^---(?=\s|$)/gm, /^\.\.\.(?=\s|$)/gm]) {
      marker.lastIndex = from
      const match = marker.exec(source)
      if (match) return match.index
    }
    return from
  }

  private text(start: number, end: number): string {
    return this.source.slice(start, end)
  }

  private add(offset: number, message: string, once?: string) {
    if (once !== undefined && this.reported.has(once)) return
    if (once !== undefined) this.reported.add(once)
    if (this.problems.length < LIMITS.problems) this.problems.push({ message, ...this.lines.at(offset) })
  }
}

/** Whether the list opened at event `i` holds scalars alone, none with an anchor. */
function flatList(events: Event[], i: number): boolean {
  for (let j = i + 1; ; j++) {
    const event = events[j]!
    if (event.type === EVENT_ID.POP) return true
    if (event.type !== EVENT_ID.SCALAR || event.anchorStart !== -1) return false
  }
}

/** The index of the event that closes the collection opened at `i`. */
function skip(events: Event[], i: number): number {
  let depth = 0
  for (let j = i; j < events.length; j++) {
    const type = events[j]!.type
    if (type === EVENT_ID.MAPPING || type === EVENT_ID.SEQUENCE) depth++
    else if (type === EVENT_ID.POP && --depth === 0) return j
  }
  return events.length - 1
}
