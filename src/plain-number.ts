// A plain number: digits, or digits, a point and digits (0.0499, 256785, 007.50), ASCII digits only. It is how
// the bench's account generator and the venues' exports write a book, and the one text each of its readers takes
// apart without a Decimal or a regex:
// - the scanner of a book side written on one line (input/document.ts) reads such numbers straight from the text,
//   as numbers: each is an integer or a float of YAML 1.2's core schema, the parser's reading of it;
// - the quick read of a book (input/quick-read.ts) keeps such a text as the level's value and reads its decimal
//   places and limits off it;
// - a book side sums such sizes as integers of their finest place (model.ts, BookLevels.sizeSum).
// Any other number goes the general way of each (the YAML parser's events, a Decimal read as the schema reads
// it, a Decimal sum), which gives the same value: the grammar decides how fast a number is read, never what it
// reads as (test/input/plain-number.test.ts). What it leaves out, and why:
// - `1.` and `.5`, a point without a digit on one side: floats to YAML and numbers to the schema (1 and 0.5), read
//   the same either way. The scanner always left them to the parser, and still does, so that the same files are
//   read from their text as before; the quick read and the sizes' sum took `1.` as plain, and now read it as a
//   Decimal, the same 1 with the same decimal places (none).
// - a sign, an exponent, `0x`, `0o`, `.inf`: numbers to YAML, which the schema reads as Decimals or refuses.
// - a space before or after: never part of a YAML plain scalar; a quoted " 1" is read, trimmed, by the schema.
// - `1_000` and full-width or other scripts' digits (`１`): text to YAML 1.2 and to the schema, which refuses them.
// Leading zeros (`01`, `007.50`) are in: YAML 1.2 reads `01` as the integer 1 (the octal `01` was YAML 1.1's), and
// so does the schema. A length bound is not part of the grammar: the input path holds a number's text to
// LIMITS.number.textLength and refuses a longer one on the general way, with its message; a size's text is
// never longer.

const POINT = 46

const isDigit = (code: number) => code >= 48 && code <= 57

/** Where the point of a plain number stands (plainNumberEnd's `at`): its offset in the text, -1 when it has none. */
export interface PointAt {
  point: number
}

/**
 * One past the plain number that begins at `from` in `text`; -1 when none begins there. With `at`, where its point
 * stands goes to at.point. (Read up to the text's end: a read past it, NaN to charCodeAt, takes V8 off its fast way.)
 */
export function plainNumberEnd(text: string, from: number, at?: PointAt): number {
  const to = text.length
  let i = from
  while (i < to && isDigit(text.charCodeAt(i))) i++
  if (i === from) return -1
  if (i === to || text.charCodeAt(i) !== POINT) {
    if (at) at.point = -1
    return i
  }
  if (at) at.point = i
  const fraction = ++i
  while (i < to && isDigit(text.charCodeAt(i))) i++
  return i === fraction ? -1 : i
}

/** Whether the whole text is a plain number (with `at`, where its point stands, as plainNumberEnd). */
export function isPlainNumber(text: string, at?: PointAt): boolean {
  return plainNumberEnd(text, 0, at) === text.length
}
