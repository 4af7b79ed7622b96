// Parsing of leaf values: exact decimals from plain and quoted numbers, durations, timestamps.
import { describe, expect, it } from 'vitest'
import { loadPortfolio } from '../../src/input/load.js'
import { parseDecimalText, parseDuration, parseTimestamp } from '../../src/input/values.js'
import { toYaml, basePortfolio } from '../helpers.js'

const load = (yaml: string) => loadPortfolio(yaml, { file: 't.yaml' }).portfolio

describe('decimals are read from their source text', () => {
  it.each([
    { written: '0.1', plain: '0.1' },
    { written: '"0.1"', plain: '0.1' },
    { written: '12345678901234567890.123', plain: '12345678901234567890.123' },
    { written: '"12345678901234567890.123"', plain: '12345678901234567890.123' },
    { written: '1e3', plain: '1000' },
    { written: '0.000000000000000000001', plain: '0.000000000000000000001' },
  ])('wallet_balance: $written → $plain', ({ written, plain }) => {
    const yaml = toYaml(basePortfolio()).replace(/wallet_balance: .*/, `wallet_balance: ${written}`)
    expect(load(yaml).account.walletBalance.toString()).toBe(plain)
  })

  it('0.1 + 0.2 is exactly 0.3, plain or quoted', () => {
    for (const [a, b] of [
      ['0.1', '0.2'],
      ['"0.1"', '"0.2"'],
    ]) {
      const yaml = toYaml(basePortfolio())
        .replace(/maker: .*/, `maker: ${a}`)
        .replace(/taker: .*/, `taker: ${b}`)
      const fees = load(yaml).account.fees
      expect(fees.maker.plus(fees.taker).toString()).toBe('0.3')
    }
  })

  it.each(['abc', '0x1A', '1_000', '.inf', '.nan', '1,5', ''])('rejects %j', (text) => {
    expect(parseDecimalText(text)).toBeUndefined()
  })
})

describe('durations', () => {
  it.each([
    ['250ms', 250],
    ['30s', 30_000],
    ['15m', 900_000],
    ['8h', 28_800_000],
    ['3d', 259_200_000],
    ['1.5s', 1500],
    ['0ms', 0],
  ] as const)('%s = %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms))
  it.each(['30', '8 hours', '1.5ms', '-1s', 'h', '1w'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined())
})

describe('timestamps need a zone', () => {
  it.each([
    ['2026-11-21T08:00:00Z', Date.UTC(2026, 10, 21, 8)],
    ['2026-11-21T09:00:00+01:00', Date.UTC(2026, 10, 21, 8)],
    ['2026-11-21T08:00:00.250Z', Date.UTC(2026, 10, 21, 8) + 250],
    ['2026-11-21T08:00Z', Date.UTC(2026, 10, 21, 8)],
  ] as const)('%s', (text, ms) => expect(parseTimestamp(text)).toBe(ms))
  it.each(['2026-11-21T08:00:00', '2026-11-21', 'tomorrow', '2026-13-40T08:00:00Z'])('rejects %j', (text) => expect(parseTimestamp(text)).toBeUndefined())
})
