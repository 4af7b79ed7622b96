// The terminal pictures (src/report/gauge.ts): where each letter of a position's gauge lands for given prices,
// the margin chart's bars for given ratios, Unicode against ASCII, and both through the real CLI at 80 columns
// without colour, Unicode only on a UTF-8 locale and never under TERM=dumb.
import { describe, expect, it } from 'vitest'
import { main, useUnicode } from '../../src/cli.js'
import { Decimal } from '../../src/decimal.js'
import { ASCII, bar, positionGauges, track, UNICODE } from '../../src/report/gauge.js'
import { capturedIo } from '../helpers.js'

const d = (v: string) => new Decimal(v)

/** Each letter's column in a track (the first occurrence). */
const columns = (line: string) => Object.fromEntries([...line].flatMap((c, i) => (/[A-Z]/.test(c) ? [[c, i]] : [])))

describe('track: each point at round((price − low) / (high − low) × (columns − 1))', () => {
  it.each([
    // points, low, high, columns → letter columns
    [
      'both ends',
      [
        ['L', '90'],
        ['M', '100'],
      ],
      '90',
      '100',
      10,
      { L: 0, M: 9 },
    ],
    [
      'the middle, rounded half up',
      [
        ['L', '0'],
        ['S', '50'],
        ['M', '100'],
      ],
      '0',
      '100',
      10,
      { L: 0, S: 5, M: 9 },
    ],
    [
      'a quarter of the way',
      [
        ['L', '100'],
        ['E', '125'],
        ['M', '200'],
      ],
      '100',
      '200',
      41,
      { L: 0, E: 10, M: 40 },
    ],
    [
      'one column apart',
      [
        ['B', '56250'],
        ['L', '56475.9'],
        ['M', '64010.5'],
      ],
      '56250',
      '64010.5',
      48,
      { B: 0, L: 1, M: 47 },
    ],
  ] as const)('%s', (_name, points, low, high, width, expected) => {
    const line = track(
      points.map(([letter, price]) => ({ letter, price: d(price) })),
      d(low),
      d(high),
      width,
      ASCII,
    )
    expect(line).toHaveLength(width)
    expect(columns(line)).toEqual(expected)
  })

  it('the first point listed wins a shared column (liquidation over the stop on its column)', () => {
    const line = track(
      [
        { letter: 'L', price: d('100') },
        { letter: 'S', price: d('100.1') },
        { letter: 'M', price: d('200') },
      ],
      d('100'),
      d('200'),
      20,
      ASCII,
    )
    expect(columns(line)).toEqual({ L: 0, M: 19 })
  })

  it('the band from liquidation to bankruptcy, in each glyph set', () => {
    const points = [
      { letter: 'B', price: d('80') },
      { letter: 'L', price: d('90') },
      { letter: 'M', price: d('100') },
    ]
    const band = [d('90'), d('80')] as const
    expect(track(points, d('80'), d('100'), 11, ASCII, band)).toBe('B::::L----M')
    expect(track(points, d('80'), d('100'), 11, UNICODE, band)).toBe('B░░░░L────M')
  })
})

/** A position record as the report carries it (strings, exact). */
function position(fields: Record<string, unknown>) {
  return { id: 'p', side: 'long', liquidation_price: null, bankruptcy_price: null, stop: null, ...fields }
}

describe('positionGauges: one line per position on its own price scale', () => {
  it.each([
    // a long: bankruptcy 90, liquidation 91, stop 95, entry 100, mark 104.5; labels "90.00" and "104.50" → 48 columns
    [
      'a long with every point',
      { entry_price: '100', trigger_price: '104.5', liquidation_price: '91', bankruptcy_price: '90', stop: { trigger_price_on_liquidation_reference: '95' } },
      'mark',
      { B: 0, L: 3, S: 16, E: 32, M: 47 },
    ],
    // a short: mark 100 left, liquidation 120 and bankruptcy 125 right; entry 98 stretches the span 25 → 27, placed
    [
      'a short, liquidation to the right',
      { side: 'short', entry_price: '98', trigger_price: '100', liquidation_price: '120', bankruptcy_price: '125' },
      'mark',
      { E: 0, M: 3, L: 38, B: 47 },
    ],
    // entry 10 would stretch the 10-wide span to 95: left out, so mark to liquidation keeps the track
    ['an entry far away is left out', { entry_price: '10', trigger_price: '105', liquidation_price: '95' }, 'mark', { L: 0, M: 47 }],
    // dYdX-like: liquidation on the index, lettered I
    ['the index where the market liquidates on it', { entry_price: '100', trigger_price: '100', liquidation_price: '80' }, 'index', { L: 0, I: 47 }],
  ])('%s', (_name, fields, trigger, expected) => {
    const { lines, legend } = positionGauges([{ position: position(fields), trigger, tick: '0.01' }], 80, ASCII)
    const line = lines[0]!
    expect(line.length).toBeLessThanOrEqual(80)
    const start = line.indexOf(' ', 4) + 1 // after the indent and the low price
    const trackText = line.slice(start, start + 48)
    expect(columns(trackText)).toEqual(expected)
    for (const letter of Object.keys(expected)) expect(legend).toMatch(new RegExp(`${letter} [a-z]+`))
  })

  it('tracks start at one column for every position; a position with neither liquidation price nor stop has none', () => {
    const { lines } = positionGauges(
      [
        { position: position({ entry_price: '64000', trigger_price: '64010.5', liquidation_price: '56475.9' }), trigger: 'mark', tick: '0.1' },
        { position: position({ entry_price: '142', trigger_price: '143' }), trigger: 'mark', tick: '0.01' },
        { position: position({ side: 'short', entry_price: '3', trigger_price: '3.1', liquidation_price: '4' }), trigger: 'mark', tick: '0.0001' },
      ],
      80,
      UNICODE,
    )
    expect(lines[1]).toBeUndefined()
    const starts = [lines[0]!, lines[2]!].map((l) => l.search(/[─░A-Z]/))
    expect(new Set(starts).size).toBe(1)
  })

  it('narrower terminals get narrower tracks; too narrow for eight columns, no gauge', () => {
    const input = [{ position: position({ entry_price: '100', trigger_price: '104.5', liquidation_price: '91' }), trigger: 'mark', tick: '0.01' }]
    expect(positionGauges(input, 40, ASCII).lines[0]).toHaveLength(40)
    expect(positionGauges(input, 20, ASCII)).toEqual({ lines: [undefined], legend: undefined })
  })
})

describe('bar: the margin chart on a scale of 0 to 100%', () => {
  it.each([
    // ratio, columns, ASCII, Unicode
    ['0.5', 40, '#'.repeat(20), '█'.repeat(20)],
    ['1', 40, '#'.repeat(40), '█'.repeat(40)],
    ['1.4', 40, '#'.repeat(40), '█'.repeat(40)],
    // 0.0175 × 40 = 0.7 cells: ASCII rounds to one; Unicode 5.6 eighths → 6, '▊'
    ['0.0175', 40, '#', '▊'],
    // 0.158 × 40 = 6.32 cells: 6 whole, 2.56 eighths → 3, '▍'
    ['0.158', 40, '######', '██████▍'],
    // a ratio above zero never vanishes
    ['0.0001', 40, '#', '▏'],
    ['0', 40, '', ''],
  ])('%s over %i columns', (ratio, width, ascii, unicode) => {
    expect(bar(d(ratio), width, ASCII)).toBe(ascii)
    expect(bar(d(ratio), width, UNICODE)).toBe(unicode)
  })
})

describe('unicode or ASCII: the CLI decides from the locale', () => {
  it.each([
    [{}, false],
    [{ LANG: 'C.UTF-8' }, true],
    [{ LANG: 'en_US.utf8' }, true],
    [{ LANG: 'C' }, false],
    [{ LC_CTYPE: 'en_GB.UTF-8' }, true],
    // LC_ALL wins over LC_CTYPE and LANG
    [{ LC_ALL: 'C', LANG: 'en_US.UTF-8' }, false],
    [{ LC_ALL: 'en_US.UTF-8', LANG: 'C' }, true],
    [{ LANG: 'en_US.UTF-8', TERM: 'dumb' }, false],
  ])('%j → %s', (env, unicode) => {
    expect(useUnicode(env)).toBe(unicode)
  })

  const DEMO = 'fixtures/demo.yaml'
  const run = async (env: Record<string, string>, args: string[] = []) => {
    const captured = capturedIo(env)
    await main([DEMO, ...args], captured.io)
    return captured.out.join('')
  }
  /** The text between the Positions title and the next blank line. */
  const positions = (text: string) => text.slice(text.indexOf('\nPositions'), text.indexOf('\n\n', text.indexOf('\nPositions')))

  it.each([
    ['a UTF-8 terminal', 'Unicode', { LANG: 'en_US.UTF-8', NO_COLOR: '1' }],
    ['the C locale', 'ASCII', { LANG: 'C', NO_COLOR: '1' }],
    ['TERM=dumb', 'ASCII', { LANG: 'en_US.UTF-8', TERM: 'dumb', NO_COLOR: '1' }],
  ])('the demo on %s: gauges and the --verbose chart in %s, 80 columns, no colour', async (_name, glyphs, env) => {
    const unicode = glyphs === 'Unicode'
    const text = await run(env)
    const verbose = await run(env, ['--verbose'])
    const from = verbose.indexOf('Cross margin ratio')
    const chart = verbose.slice(from, verbose.indexOf('\n\n', from))
    const pictures = [
      ...positions(text)
        .split('\n')
        .filter((l) => /^ {4,}\d/.test(l)),
      ...chart.split('\n').slice(2, -1),
    ]
    expect(pictures.length).toBeGreaterThanOrEqual(3 + 10)
    for (const line of [...text.split('\n'), ...chart.split('\n')]) expect([...line].length, line).toBeLessThanOrEqual(80)
    expect(text + verbose).not.toMatch(/\u001b\[/)
    const drawing = pictures.join('\n')
    if (unicode) expect(drawing).toMatch(/[─█│]/)
    else expect(drawing).toMatch(/^[\x20-\x7e\n]*$/)
  })

  it('the demo: each position gauge puts liquidation, stop, entry and mark where their prices fall', async () => {
    const report = JSON.parse(await run({}, ['--format', 'json']))
    const lines = positions(await run({})).split('\n')
    for (const p of report.positions) {
      const row = lines.findIndex((l) => l.slice(2).startsWith(`${p.id} `))
      const gauge = lines[row + 1]!
      const [left, trackText, right] = gauge.trim().split(' ')
      const low = Number(left)
      const high = Number(right)
      // the columns the record's prices fall on (a screen position, so a float is enough to find it)
      const at = (price: string) => Math.round(((Number(price) - low) / (high - low)) * (trackText!.length - 1))
      const found = columns(trackText!)
      expect(found.L, p.id).toBe(at(p.liquidation_price))
      expect(found.M, p.id).toBe(at(p.trigger_price))
      if (p.stop && found.S !== undefined) expect(found.S, p.id).toBe(at(p.stop.trigger_price_on_liquidation_reference))
      if (found.E !== undefined) expect(found.E, p.id).toBe(at(p.entry_price))
    }
  })
})

describe('the margin chart', () => {
  it('the demo: one bar per stress move and now, each ratio as the record has it, the breaking point below', async () => {
    const captured = capturedIo({})
    await main(['fixtures/demo.yaml', '--verbose'], captured.io)
    const text = captured.out.join('')
    const json = capturedIo({})
    await main(['fixtures/demo.yaml', '--format', 'json'], json.io)
    const report = JSON.parse(json.out.join(''))
    const rows = text
      .split('\n')
      .filter((l) => /^ {2} *([+-]\d+%|now) /.test(l))
      .map((l) => l.trim().split(/\s+/))
    const moves = report.stress.scenarios.map((s: { move: string }) => `${Number(s.move) > 0 ? '+' : ''}${Number(s.move) * 100}%`)
    expect(rows.map((r) => r[0])).toEqual([...moves.slice(0, 4), 'now', ...moves.slice(4)])
    // the −30% row: 1.73% (the record's 0.01731…) of 40 columns is one '#', then the liquidation line, then btc-core lost
    expect(report.stress.scenarios[0].margin_ratio).toBe('0.0173117681303514852934281')
    expect(rows[0]).toEqual(['-30%', '#', '|', '1.73%', 'lost', 'btc-core'])
    expect(text).toMatch(/breaking point: down -64\.1% \(eth-swing first\), up none to \+300%/)
  })

  it('an account without a cross pool: a move that liquidates its every position runs past the end (not a ratio of 0%)', async () => {
    const captured = capturedIo({})
    await main(['fixtures/accounts/hyperliquid-alt.yaml', '--verbose'], captured.io)
    const text = captured.out.join('')
    expect(text).toContain('\nMargin ratio against the market move\n')
    const rows = text.split('\n').filter((l) => /^ {2} *[+-]\d+% /.test(l))
    expect(rows[0]).toBe(`  -30%  ${'#'.repeat(40)}>   liq.  lost wif-long`)
    expect(rows.map((r) => r.trim().split(/\s+/)[0])).toEqual(['-30%', '-20%', '-10%', '-5%', '+5%', '+10%', '+20%', '+30%'])
    // the chart's breaking-point line is the cross pool's: none here
    expect(text.slice(text.indexOf('Margin ratio against'))).not.toMatch(/^ {2}breaking point: down/m)
  })

  it('a cross account wiped by the move: the bar runs past the end, the positions lost are named', async () => {
    const captured = capturedIo({ LANG: 'C.UTF-8' })
    await main(['fixtures/liquidation-path/fail.yaml', '--verbose', '--only', 'stress'], captured.io)
    const rows = captured.out
      .join('')
      .split('\n')
      .filter((l) => /^ {2} *([+−]\d+%|now) /.test(l))
    expect(rows[0]).toBe(`  −30%  ${'█'.repeat(40)}▶  wiped  lost a1, a2, b1`)
    // now 9.52% (the fixture's wallet of 1,050) of 40 columns: 3.81 cells, 3 whole and 6 eighths ('▊')
    expect(rows.find((r) => r.includes('now'))).toMatch(/^ {3}now {2}█{3}▊ {36}│ {2}9\.52%$/)
  })
})
