// End to end: the built binary, run as a user would, asserting stdout, stderr and the exit code.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

function perpCheck(args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, ['bin/perp-check.js', ...args], {
    input: options.input ?? '',
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...options.env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('perp-check binary', () => {
  it('a passing fixture exits 0 with a checklist on stdout and nothing on stderr', () => {
    const r = perpCheck(['fixtures/reference-prices/pass.yaml', '--only', 'reference-prices'])
    expect(r).toMatchObject({ code: 0, stderr: '' })
    expect(r.stdout).toMatch(/^Summary: 0 fail, 0 warn, 3 pass, 1 info, 0 skip · exit 0$/m)
  })

  it('a failing fixture exits 1', () => {
    const r = perpCheck(['fixtures/reference-prices/fail.yaml', '--only', 'reference-prices', '--format', 'json'])
    expect(r.code).toBe(1)
    const doc = JSON.parse(r.stdout)
    expect(doc.summary).toMatchObject({ fail: 1, exit_code: 1 })
    expect(doc.findings.find((f: { status: string }) => f.status === 'fail')).toMatchObject({
      check: 'reference-prices',
      subject: 'ETHUSDT',
      figures: { mark_index_bps: '80' },
    })
  })

  it('warnings exit 0, or 1 with --fail-on warn', () => {
    expect(perpCheck(['fixtures/reference-prices/warn.yaml', '--only', 'reference-prices']).code).toBe(0)
    expect(perpCheck(['fixtures/reference-prices/warn.yaml', '--only', 'reference-prices', '--fail-on', 'warn']).code).toBe(1)
  })

  it('an invalid file exits 2 with every problem at file:line:col on stderr and nothing on stdout', () => {
    const r = perpCheck(['fixtures/invalid/typo-and-bad-values.yaml'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(
      r.stderr
        .split('\n')
        .filter((l) => /^fixtures\/invalid\/typo-and-bad-values\.yaml:\d+:\d+ /.test(l))
        .map((l) => l.split('  ')[0]),
    ).toEqual(['fixtures/invalid/typo-and-bad-values.yaml:9:5', 'fixtures/invalid/typo-and-bad-values.yaml:14:11'])
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/) // no stack trace
  })

  it('broken YAML exits 2', () => {
    const r = perpCheck(['fixtures/invalid/broken-yaml.yaml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^fixtures\/invalid\/broken-yaml\.yaml:3:1 {2}invalid YAML/m)
  })

  it('reads standard input with -, naming it <stdin>', () => {
    const ok = perpCheck(['-', '--only', 'reference-prices'], { input: readFileSync('fixtures/reference-prices/pass.yaml', 'utf8') })
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/^perp-check <stdin>/)
    const bad = perpCheck(['-'], { input: 'version: 1\nversion: 1\n' })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^<stdin>:2:1 {2}duplicate key "version"/m)
  })

  it.each([
    { name: 'a missing file', args: ['nope.yaml'], says: 'perp-check: cannot read nope.yaml: no such file' },
    { name: 'a directory', args: ['fixtures'], says: 'perp-check: cannot read fixtures: it is a directory, not a file' },
    { name: 'an unknown check id', args: ['fixtures/demo.yaml', '--only', 'nope'], says: 'perp-check: --only: unknown check id "nope"' },
  ])('$name: one clear line, exit 2', ({ args, says }) => {
    const r = perpCheck(args)
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain(says)
  })

  it.each([
    { name: 'no file', args: [] },
    { name: 'an unknown option', args: ['fixtures/demo.yaml', '--frobnicate'] },
    { name: 'a bad format', args: ['fixtures/demo.yaml', '--format', 'xml'] },
  ])('usage error ($name) exits 2, not commander’s 1', ({ args }) => {
    const r = perpCheck(args)
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/error/)
  })

  it('--help lists the exit codes and exits 0', () => {
    const r = perpCheck(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 /)
  })

  it('--now overrides as_of', () => {
    const r = perpCheck(['fixtures/reference-prices/pass.yaml', '--format', 'json', '--now', '2026-12-01T00:00:00Z'])
    expect(JSON.parse(r.stdout).input.as_of).toBe('2026-12-01T00:00:00.000Z')
  })

  it('colour: off when not a terminal, on with --color, off with NO_COLOR unless --color', () => {
    const file = 'fixtures/reference-prices/warn.yaml'
    expect(perpCheck([file]).stdout).not.toMatch(/\u001b\[/)
    expect(perpCheck([file, '--color']).stdout).toMatch(/\u001b\[/)
    expect(perpCheck([file], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } }).stdout).not.toMatch(/\u001b\[/)
  })

  it('the demo fixture runs', () => {
    const r = perpCheck(['fixtures/demo.yaml'])
    expect([0, 1]).toContain(r.code)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^Summary: \d+ fail/m)
  })

  it('schema prints the committed draft-07 editor schema', () => {
    const r = perpCheck(['schema'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout).$schema).toBe('http://json-schema.org/draft-07/schema#')
    expect(r.stdout).toBe(readFileSync('perp-check.schema.json', 'utf8'))
  })
})

describe('perp-check binary under stress', () => {
  it.each([
    { name: 'a directory', args: ['fixtures'], says: /^perp-check: cannot read fixtures: it is a directory, not a file$/ },
    { name: '/dev/zero', args: ['/dev/zero'], says: /^perp-check: cannot read \/dev\/zero: it is larger than 10 MiB/ },
    { name: 'an empty standard input', args: ['-'], says: /^perp-check: <stdin> is empty/ },
    {
      name: 'a bad --now',
      args: ['fixtures/demo.yaml', '--now', 'yesterday'],
      says: /^perp-check: --now: expected an ISO 8601 date-time with a zone, .* got "yesterday"$/,
    },
    {
      name: 'a --now that is not a calendar date',
      args: ['fixtures/demo.yaml', '--now', '2026-02-30T00:00:00Z'],
      says: /^perp-check: --now: 2026-02-30 is not a calendar date: February 2026 has 28 days$/,
    },
  ])('$name: one clear line, exit 2, nothing on stdout', ({ args, says }) => {
    const r = perpCheck(args)
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr.trimEnd()).toMatch(says)
  })

  it('closed standard input: one clear line, exit 2', () => {
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" bin/perp-check.js - <&-`], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^perp-check: (<stdin> is empty|cannot read <stdin>)/)
  })

  it('/dev/zero on standard input is refused at the size limit', () => {
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" bin/perp-check.js - < /dev/zero`], { encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/^perp-check: cannot read <stdin>: it is larger than 10 MiB/)
  })

  it('output piped into head -1 (EPIPE) exits quietly', () => {
    const r = spawnSync('/bin/sh', ['-c', `"${process.execPath}" bin/perp-check.js fixtures/demo.yaml --verbose | head -1; echo "status $?"`], {
      encoding: 'utf8',
    })
    expect(r.stdout).toMatch(/^perp-check fixtures\/demo\.yaml .*\nstatus 0\n$/)
    expect(r.stderr).toBe('')
  })

  it.each([
    {
      name: 'an alias bomb',
      yaml: `version: 1\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from(
        { length: 9 },
        (_, i) =>
          `b${i}: &b${i} [${Array(10)
            .fill(i === 0 ? '*a' : `*b${i - 1}`)
            .join(', ')}]`,
      ).join('\n')}\naccount: *b8\n`,
    },
    { name: 'deep indentation', yaml: `version: 1\naccount:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')}\n` },
    { name: 'an unbounded number', yaml: 'version: 1\naccount: { wallet_balance: 1e100000000 }\nmarkets: {}\n' },
  ])('a hostile file ($name) is refused without a hang, in under 200 MB', ({ yaml }) => {
    // GNU time reports the peak memory; without it, only the time is measured.
    const time = existsSync('/usr/bin/time') ? ['/usr/bin/time', '-f', '%M'] : []
    // A hang guard, not a speed target (speed is measured by `npm run bench`): killed after 60 s.
    const r = spawnSync(time[0] ?? process.execPath, [...time.slice(1), ...(time.length ? [process.execPath] : []), 'bin/perp-check.js', '-'], {
      input: yaml,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(r.signal).toBeNull()
    const kilobytes = time.length ? Number(r.stderr.trim().split('\n').at(-1)) : 0
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^<stdin>:\d+:\d+ {2}/)
    expect(kilobytes).toBeLessThan(200 * 1024)
  })
})
