// Which position an order trades where its market holds more than one (docs/format.md "Which position an order
// trades"): the one it names (position), else the one its margin mode (written, else the account's) and side
// imply, the first of several cross lots; none: it opens one; more than one isolated: exit 2 at the order's place. Through the real CLI (main() with a captured io), with --order.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../src/cli.js'
import { capturedIo, portfolioWith, toYaml } from '../helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'perp-check-traded-'))

/** Two BTCUSDT positions: isolated long 0.5 at 20× (margin 1600) and cross long 1 (or the second as `second`). */
function fileWith(second: Record<string, string>, orders?: Record<string, string>[]): string {
  const file = join(dir, `p${Math.random().toString(36).slice(2)}.yaml`)
  const portfolio = portfolioWith((p) => {
    p.positions = [
      { id: 'iso', market: 'BTCUSDT', side: 'long', size: '0.5', entry_price: '64000', margin_mode: 'isolated', margin: '1600' },
      { market: 'BTCUSDT', side: 'long', size: '1', entry_price: '64000', ...second },
    ]
    if (orders) p.orders = orders
  })
  writeFileSync(file, toYaml(portfolio))
  return file
}

async function cli(args: string[]) {
  const { io, out, err } = capturedIo()
  const code = await main(args, io)
  return { code, stdout: out.join(''), stderr: err.join('') }
}

const CROSS = { id: 'cross' }
const ISO10 = { id: 'iso10', margin_mode: 'isolated', margin: '6400' }
const SHORT = { id: 'short', side: 'short' }

describe('--order on a market with two positions: the position it trades, or a new one', () => {
  it.each([
    // second position, order, the position the fill trades, its effect, its size after
    [CROSS, 'buy 0.1 BTCUSDT margin_mode=cross', 'cross', 'adds', '1.1'],
    [CROSS, 'buy 0.1 BTCUSDT', 'cross', 'adds', '1.1'], // no margin mode: the account's (cross), not the isolated one
    [CROSS, 'sell 0.1 BTCUSDT reduce_only=true', 'cross', 'reduces', '0.9'],
    [CROSS, 'buy 0.1 BTCUSDT margin_mode=isolated', 'iso', 'adds', '0.6'],
    [CROSS, 'sell 0.1 BTCUSDT position=iso', 'iso', 'reduces', '0.4'],
    [CROSS, 'sell 0.1 BTCUSDT position=cross reduce_only=true', 'cross', 'reduces', '0.9'],
    [ISO10, 'buy 0.1 BTCUSDT position=iso10', 'iso10', 'adds', '1.1'],
    [ISO10, 'buy 0.1 BTCUSDT margin_mode=cross', 'BTCUSDT#cli1', 'opens', '0.1'], // no cross position: a new one
    // Hedge mode (a long and a short): a buy adds to the long, a reduce-only buy reduces the short.
    [SHORT, 'buy 0.1 BTCUSDT margin_mode=cross', 'short', 'reduces', '0.9'], // the only cross one: nets against it
    [SHORT, 'buy 0.1 BTCUSDT', 'iso', 'adds', '0.6'],
    [SHORT, 'buy 0.1 BTCUSDT reduce_only=true', 'short', 'reduces', '0.9'],
    [SHORT, 'sell 0.1 BTCUSDT', 'short', 'adds', '1.1'],
  ])('%o, --order "%s": trades %s (%s, size %s)', async (second, order, position, effect, size) => {
    const r = await cli([fileWith(second), '--order', order, '--format', 'json'])
    expect(r.stderr).toBe('')
    const [w] = JSON.parse(r.stdout).what_if
    expect(w.fills[0]).toMatchObject({ position, effect })
    expect(w.after.positions.find((p: { id: string }) => p.id === position)).toMatchObject({ size })
    // The other positions keep their size.
    type Row = { id: string; size: string }
    const sizes = (rows: Row[]) => rows.filter((p) => p.id !== position).map((p) => [p.id, p.size])
    expect(sizes(w.after.positions)).toEqual(sizes(w.before.positions))
  })

  it.each([
    // second position, order, the word pointed at (its first column, 1-based)
    [ISO10, 'buy 0.1 BTCUSDT', 'market', 9], // two isolated, none in the account's mode
    [ISO10, 'buy 0.1 BTCUSDT margin_mode=isolated', 'market', 9],
    [SHORT, 'sell 0.1 BTCUSDT reduce_only=true margin_mode=isolated', null, 0], // reduces iso: unambiguous
    [CROSS, 'buy 0.1 BTCUSDT position=nope', 'position', 17],
    [CROSS, 'buy 0.1 BTCUSDT position=iso margin_mode=cross', 'margin_mode', 30],
  ])('%o, --order "%s": exit 2 pointing at %s', async (second, order, key, column) => {
    const r = await cli([fileWith(second), '--order', order])
    if (key === null) return expect(r.stderr).toBe('')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`: ${key}: `)
    const pointer = r.stderr.split('\n').find((line) => /^\s*\^+$/.test(line))!
    expect(pointer.indexOf('^') - 2 + 1).toBe(column)
  })

  it('a file order that could trade either of two isolated positions: exit 2 at its market, file:line:col', async () => {
    const file = fileWith(ISO10, [{ market: 'BTCUSDT', side: 'buy', size: '0.1' }])
    const r = await cli([file])
    expect(r.code).toBe(2)
    // The order's market: the last `market:` of the file (orders come after positions).
    const lines = readFileSync(file, 'utf8').split('\n')
    const line = lines.map((l) => l.includes('market: BTCUSDT')).lastIndexOf(true)
    const column = lines[line]!.indexOf('BTCUSDT')
    expect(r.stderr).toContain(`${file}:${line + 1}:${column + 1}`)
    expect(r.stderr).toContain('2 positions this order could trade')
  })

  it.each([
    // order, the lot it trades, its size after
    ['buy 0.1 BTCUSDT', 'lot-a', '1.1'],
    ['sell 0.1 BTCUSDT reduce_only=true', 'lot-a', '0.9'],
    ['buy 0.1 BTCUSDT position=lot-c', 'lot-c', '3.1'],
  ])('three cross longs of one market are lots of one venue position: --order "%s" trades %s', async (order, position, size) => {
    const file = join(dir, `lots${Math.random().toString(36).slice(2)}.yaml`)
    const lots = [
      ['lot-a', '1'],
      ['lot-b', '2'],
      ['lot-c', '3'],
    ]
    writeFileSync(
      file,
      toYaml(
        portfolioWith((p) => {
          p.positions = lots.map(([id, size]) => ({ id, market: 'BTCUSDT', side: 'long', size, entry_price: '64000' }))
        }),
      ),
    )
    const r = await cli([file, '--order', order, '--format', 'json'])
    expect(r.stderr).toBe('')
    const [w] = JSON.parse(r.stdout).what_if
    expect(w.fills[0]).toMatchObject({ position })
    expect(w.after.positions.find((p: { id: string }) => p.id === position)).toMatchObject({ size })
  })
})
