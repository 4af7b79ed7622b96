// A portfolio file is UTF-8 (a UTF-8 byte-order mark is allowed). A file saved as UTF-16 or UTF-32 reaches
// the reader as UTF-8 text whose byte-order mark could not be read (U+FFFD) and with a NUL beside every
// character: named here by its encoding, with how to save it as UTF-8, instead of parsed as garbage.

const BAD = '\uFFFD'

/** The byte-order marks, as the UTF-8 decoder leaves them (each byte that is not UTF-8 reads as U+FFFD). */
const MARKS: { encoding: string; start: string }[] = [
  { encoding: 'UTF-32 LE', start: `${BAD}${BAD}\0\0` }, // FF FE 00 00 (before UTF-16 LE, which it begins like)
  { encoding: 'UTF-32 BE', start: `\0\0${BAD}${BAD}` }, // 00 00 FE FF
  { encoding: 'UTF-16 LE', start: `${BAD}${BAD}` }, // FF FE
  { encoding: 'UTF-16 BE', start: `${BAD}${BAD}` }, // FE FF: told from LE by where the NULs fall
]

/** Why the text cannot be a UTF-8 portfolio file, or undefined. */
export function encodingProblem(source: string): string | undefined {
  const mark = MARKS.find((m) => source.startsWith(m.start))
  let encoding = mark?.encoding
  if (encoding?.startsWith('UTF-16')) {
    // After FF FE (LE) an ASCII character is followed by its NUL; after FE FF (BE) it is preceded by it.
    encoding = source[2] === '\0' ? 'UTF-16 BE' : 'UTF-16 LE'
  } else if (encoding === undefined && /^(?:[^\0]\0){2}|^(?:\0[^\0]){2}/.test(source)) {
    encoding = 'UTF-16 (no byte-order mark)'
  }
  if (encoding === undefined) return undefined
  return `the file is ${encoding}, not UTF-8: save it as UTF-8 (e.g. \`iconv -f ${iconvName(encoding)} -t UTF-8 file.yaml > file-utf8.yaml\`, or "UTF-8" in the editor's Save As)`
}

function iconvName(encoding: string): string {
  if (encoding.startsWith('UTF-32')) return 'UTF-32'
  return 'UTF-16'
}
