// The ladder on its own: the maintenance-amount recurrence, the file-vs-derived comparison at the file's
// stated precision, cap-inclusive tier lookup, per-venue rates and N·mmr − cum.
import { describe, expect, it } from 'vitest'
import { amountMismatches, deriveMaintenanceAmounts, headroom, maintenanceMargin, resolveLadder, tierFor } from '../../src/margin/index.js'
import type { LadderTier } from '../../src/model.js'
import { d } from './load.js'

const tiers = (rows: [string, string, string, string?][]): LadderTier[] =>
  rows.map(([maxNotional, mmr, maxLeverage, amount], i) => ({
    maxNotional: d(maxNotional),
    mmr: d(mmr),
    maxLeverage: d(maxLeverage),
    maintenanceAmount: amount === undefined ? undefined : d(amount),
    path: ['t', i],
  }))
const plain = { takerFeeInMmr: false, takerFee: d('0.0005') }

// Binance BTCUSDT brackets 1–4 of 2024-10-24 (margin-math.md §2.1): amounts 0, 50, 950, 11,450.
const BINANCE = tiers([
  ['50000', '0.004', '125'],
  ['600000', '0.005', '100'],
  ['3000000', '0.0065', '75'],
  ['12000000', '0.01', '50'],
])

describe('deriveMaintenanceAmounts', () => {
  it('cum_k = cum_{k−1} + floor_k·(mmr_k − mmr_{k−1}) reproduces the published 0 / 50 / 950 / 11,450', () => {
    expect(deriveMaintenanceAmounts(BINANCE).map((a) => a.toFixed())).toEqual(['0', '50', '950', '11450'])
  })
  it('a single tier has amount 0', () => {
    expect(deriveMaintenanceAmounts(tiers([['1000', '0.01', '50']])).map((a) => a.toFixed())).toEqual(['0'])
  })
})

describe('resolveLadder', () => {
  it('floors are the previous caps; the amount applied is the derived one when the file gives none', () => {
    const ladder = resolveLadder(BINANCE, plain)
    expect(ladder.tiers.map((t) => [t.number, t.floor.toFixed(), t.cap.toFixed(), t.maintenanceAmount.toFixed()])).toEqual([
      [1, '0', '50000', '0'],
      [2, '50000', '600000', '50'],
      [3, '600000', '3000000', '950'],
      [4, '3000000', '12000000', '11450'],
    ])
    expect(ladder.deduction).toBe(true)
  })

  it('the file’s amount is applied even when it contradicts the recurrence, and the mismatch is reported with both values', () => {
    const ladder = resolveLadder(
      tiers([
        ['50000', '0.004', '125'],
        ['600000', '0.005', '100', '60'],
        ['3000000', '0.0065', '75', '950'],
      ]),
      plain,
    )
    expect(ladder.tiers[1]!.maintenanceAmount.toFixed()).toBe('60')
    expect(amountMismatches(ladder).map((m) => ({ tier: m.tier, given: m.given.toFixed(), derived: m.derived.toFixed(), path: m.path }))).toEqual([
      { tier: 2, given: '60', derived: '50', path: ['t', 1] },
    ])
  })

  it.each([
    // 1/(2·3) has no finite decimal: the derived amount is 349,999.99…; "350000" agrees to its stated precision (±0.5).
    { name: 'rounded to the unit', given: '350000', mismatch: false },
    { name: 'off by one unit', given: '350001', mismatch: true },
    { name: 'written to 1 dp and rounded correctly', given: '350000.0', mismatch: false },
    { name: 'written to 1 dp but off by 0.1', given: '349999.9', mismatch: true },
  ])('the amount comparison honours the file’s precision: $name', ({ given, mismatch }) => {
    const ladder = resolveLadder(
      tiers([
        ['3000000', '0.05', '10'],
        ['20000000', d(1).div(6).toFixed(), '3', given],
      ]),
      plain,
    )
    expect(amountMismatches(ladder).length > 0).toBe(mismatch)
  })

  it('okx-swap: the taker fee is added to every rate and there is no maintenance amount', () => {
    const ladder = resolveLadder(BINANCE, { takerFeeInMmr: true, takerFee: d('0.0005') })
    expect(ladder.deduction).toBe(false)
    expect(ladder.tiers.map((t) => [t.mmr.toFixed(), t.fileMmr.toFixed(), t.maintenanceAmount.toFixed()])).toEqual([
      ['0.0045', '0.004', '0'],
      ['0.0055', '0.005', '0'],
      ['0.007', '0.0065', '0'],
      ['0.0105', '0.01', '0'],
    ])
  })

  it('okx-swap: a file amount is applied and reported against the expected 0', () => {
    const ladder = resolveLadder(
      tiers([
        ['50000', '0.004', '125'],
        ['600000', '0.005', '100', '50'],
      ]),
      { takerFeeInMmr: true, takerFee: d('0.0005') },
    )
    expect(amountMismatches(ladder).map((m) => [m.given.toFixed(), m.derived.toFixed()])).toEqual([['50', '0']])
  })
})

describe('tierFor, maintenanceMargin, headroom', () => {
  const ladder = resolveLadder(BINANCE, plain)
  it.each([
    { notional: '0', tier: 1, beyond: false, mm: '0', room: '50000' },
    { notional: '50000', tier: 1, beyond: false, mm: '200', room: '0' }, // cap inclusive
    { notional: '50000.01', tier: 2, beyond: false, mm: '200.00005', room: '549999.99' },
    { notional: '600000', tier: 2, beyond: false, mm: '2950', room: '0' },
    { notional: '1000000', tier: 3, beyond: false, mm: '5550', room: '2000000' },
    { notional: '12000000', tier: 4, beyond: false, mm: '108550', room: '0' },
    { notional: '15000000', tier: 4, beyond: true, mm: '138550', room: '0' }, // last tier extended
  ])('N = $notional → tier $tier, MM $mm, headroom $room', ({ notional, tier, beyond, mm, room }) => {
    const found = tierFor(ladder, d(notional))
    expect([found.tier.number, found.beyondLadder]).toEqual([tier, beyond])
    expect(maintenanceMargin(ladder, d(notional)).toFixed()).toBe(mm)
    expect(headroom(ladder, d(notional)).toFixed()).toBe(room)
  })

  it('MM is continuous at every cap: both neighbouring tiers give the same value there', () => {
    for (const [i, tier] of ladder.tiers.slice(0, -1).entries()) {
      const next = ladder.tiers[i + 1]!
      expect(tier.cap.mul(tier.mmr).minus(tier.maintenanceAmount).eq(tier.cap.mul(next.mmr).minus(next.maintenanceAmount))).toBe(true)
    }
  })
})
