// A portfolio file is UTF-8 (with or without a byte-order mark). A file saved as UTF-16 or UTF-32 is named by
// its encoding, with how to save it as UTF-8, at 1:1, through the real CLI. fixtures/invalid/utf16.yaml is the
// fuzz campaign's reproducer (issue 25: it was reported as "a value of 6192 characters"): the demo, saved as
// UTF-16 LE with a byte-order mark.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function perpCheck(args: string[], input = '') {
  const result = spawnSync(process.execPath, ['bin/perp-check.js', ...args], { input, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

const demo = readFileSync('fixtures/demo.yaml', 'utf8')

function utf16(text: string, order: 'LE' | 'BE', mark = true): Buffer {
  const bytes = Buffer.from(`${mark ? '\uFEFF' : ''}${text}`, 'utf16le')
  return order === 'LE' ? bytes : bytes.swap16()
}

function utf32(text: string, order: 'LE' | 'BE'): Buffer {
  const points = [...`\uFEFF${text}`].map((c) => c.codePointAt(0)!)
  const bytes = Buffer.alloc(points.length * 4)
  for (const [i, point] of points.entries()) {
    if (order === 'LE') bytes.writeUInt32LE(point, i * 4)
    else bytes.writeUInt32BE(point, i * 4)
  }
  return bytes
}

const dir = mkdtempSync(join(tmpdir(), 'perp-check-encoding-'))
const saved = (name: string, bytes: Buffer) => {
  const file = join(dir, name)
  writeFileSync(file, bytes)
  return file
}

describe('a file that is not UTF-8 is named by its encoding', () => {
  it.each([
    { name: 'the reproducer (UTF-16 LE, byte-order mark)', file: 'fixtures/invalid/utf16.yaml', encoding: 'UTF-16 LE', iconv: 'UTF-16' },
    { name: 'UTF-16 LE', file: saved('le16.yaml', utf16(demo, 'LE')), encoding: 'UTF-16 LE', iconv: 'UTF-16' },
    { name: 'UTF-16 BE', file: saved('be16.yaml', utf16(demo, 'BE')), encoding: 'UTF-16 BE', iconv: 'UTF-16' },
    { name: 'UTF-32 LE', file: saved('le32.yaml', utf32(demo, 'LE')), encoding: 'UTF-32 LE', iconv: 'UTF-32' },
    { name: 'UTF-32 BE', file: saved('be32.yaml', utf32(demo, 'BE')), encoding: 'UTF-32 BE', iconv: 'UTF-32' },
    {
      name: 'UTF-16 LE without a byte-order mark',
      file: saved('le16-bare.yaml', utf16(demo, 'LE', false)),
      encoding: 'UTF-16 (no byte-order mark)',
      iconv: 'UTF-16',
    },
  ])('$name: one problem at 1:1 that names it and how to save as UTF-8, exit 2', ({ file, encoding, iconv }) => {
    const text = perpCheck([file])
    expect(text).toMatchObject({ code: 2, stdout: '' })
    expect(text.stderr.split('\n')[0]).toBe(
      `${file}:1:1  the file is ${encoding}, not UTF-8: save it as UTF-8 (e.g. \`iconv -f ${iconv} -t UTF-8 file.yaml > file-utf8.yaml\`, or "UTF-8" in the editor's Save As)`,
    )
    const json = perpCheck([file, '--format', 'json'])
    expect(json.code).toBe(2)
    expect(JSON.parse(json.stdout).input_errors).toEqual([
      { file, line: 1, column: 1, path: null, message: expect.stringContaining(`the file is ${encoding}`) },
    ])
  })

  it('a UTF-8 byte-order mark is read as the file without it', () => {
    const plain = perpCheck(['fixtures/demo.yaml', '--format', 'json', '--now', '2026-11-21T07:45:00Z'])
    const marked = perpCheck([saved('bom.yaml', Buffer.from(`\uFEFF${demo}`, 'utf8')), '--format', 'json', '--now', '2026-11-21T07:45:00Z'])
    expect(marked.code).toBe(plain.code)
    const findings = (out: string) => JSON.parse(out).findings
    expect(findings(marked.stdout)).toEqual(findings(plain.stdout))
  })
})

describe('an empty standard input with --format json', () => {
  it.each(['', '\n  \n'])('%j: the JSON error document on stdout, one line on stderr, exit 2', (input) => {
    const r = perpCheck(['-', '--format', 'json'], input)
    expect(r.code).toBe(2)
    expect(JSON.parse(r.stdout)).toMatchObject({
      summary: { exit_code: 2, input_errors: 1 },
      input_errors: [{ file: '<stdin>', line: 1, column: 1, path: null, message: expect.stringMatching(/is empty/) }],
    })
    expect(r.stderr).toBe('perp-check: <stdin> is empty: expected a portfolio file (version, account, markets)\n')
  })
})
