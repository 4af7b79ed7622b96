// An exposure made from a larger one with legs dropped and added (Exposure.replacing) must hold the same
// figures as one built from its legs: every break, every piece's rate and amount, the sums, and the crossing
// a solve finds. Seeded legs in one market, with sizes repeated so that steps of different legs share a break
// (a break must go only with its last step), replaced once and then again.
import { describe, expect, it } from 'vitest'
import { Decimal } from '../../src/decimal.js'
import { resolveLadder } from '../../src/margin/ladder.js'
import { Exposure, type Leg, legPoolBalance, legPoolTotals, poolTotals, solvePrice } from '../../src/margin/pool.js'
import { rng } from './load.js'

const LADDER = resolveLadder(
  [
    { maxNotional: new Decimal('20000'), mmr: new Decimal('0.01'), maxLeverage: new Decimal('50'), path: [] },
    { maxNotional: new Decimal('200000'), mmr: new Decimal('0.015'), maxLeverage: new Decimal('40'), path: [] },
    { maxNotional: new Decimal('1000000'), mmr: new Decimal('0.025'), maxLeverage: new Decimal('20'), path: [] },
  ],
  { takerFeeInMmr: false, takerFee: new Decimal('0.0005') },
)

const SIZES = ['2000', '15000', '400000', '77777', '1234.5', '900000']

function leg(id: string, random: () => number, size?: string): Leg {
  return {
    positionId: id,
    symbol: 'M',
    sign: random() < 0.5 ? 1 : -1,
    quantity: new Decimal(size ?? (random() < 0.4 ? SIZES[Math.floor(random() * SIZES.length)]! : String(1000 + Math.floor(random() * 1e6)))),
    entryPrice: new Decimal(`0.0${4800000 + Math.floor(random() * 400000)}`),
    ladder: LADDER,
    closeFee: new Decimal(0),
  }
}

function figures(e: Exposure) {
  const pieces = Array.from({ length: e.breakCount + 1 }, (_, i) => [e.rateOn(i).toString(), e.amountOn(i).toString()])
  return {
    breaks: breaksOf(e).map(String),
    pieces,
    sums: [e.signedQuantity, e.entryValue, e.closeFees].map(String),
    legs: e.legs.map((l) => l.positionId),
  }
}

function breaksOf(e: Exposure): Decimal[] {
  return Array.from({ length: e.breakCount }, (_, i) => e.breakAt(i))
}

function crossings(e: Exposure, wallet = '40000000'): (string | null)[] {
  const out: (string | null)[] = []
  for (const ratio of ['1', '0.8'])
    for (const direction of ['down', 'up'] as const) {
      const balance = new Decimal(wallet).plus(e.pnl(new Decimal('0.05')))
      const s = solvePrice(
        { collateral: new Decimal(0), reservedInCollateral: new Decimal(0), exposures: new Map([['M', e]]) },
        { symbol: 'M', from: new Decimal('0.05'), totals: { balance, requirement: e.maintenance(new Decimal('0.05')) }, ratio: new Decimal(ratio), direction },
      )
      out.push(s.crossing ? `${s.alreadyPast} ${s.crossing.price.toString()}` : null)
    }
  return out
}

describe('Exposure.replacing = the exposure built from its legs', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: legs dropped and added, then again', (seed) => {
    const random = rng(seed)
    const legs = Array.from({ length: 120 }, (_, i) => leg(`p${i}`, random))
    const base = new Exposure('M', legs)
    expect(base.breakCount).toBeGreaterThan(64)
    // Dropped: one leg of a shared size (its breaks stay) and ones of their own; added: a shared size, a new one.
    const sharedSize = legs.findIndex((l) => SIZES.includes(l.quantity.toString()))
    const dropped = new Set([legs[sharedSize]!.positionId, 'p7', 'p50'])
    const added = [leg('p7', random, '15000'), leg('n1', random), leg('n2', random, legs[3]!.quantity.toString())]
    const once = Exposure.replacing(base, dropped, added)
    const onceBuilt = new Exposure('M', [...legs.filter((l) => !dropped.has(l.positionId)), ...added])
    expect(figures(once)).toEqual(figures(onceBuilt))
    expect(crossings(once)).toEqual(crossings(onceBuilt))
    // The floats find the same pieces: at every break, and between breaks.
    const probes = breaksOf(onceBuilt).flatMap((b) => [b.toNumber(), b.toNumber() * (1 + 1e-9)])
    expect(probes.map((p) => once.approxPieceOf(p))).toEqual(probes.map((p) => onceBuilt.approxPieceOf(p)))

    const again = Exposure.replacing(once, new Set(['n1', 'p9']), [leg('p9', random, '900000')])
    const againBuilt = new Exposure('M', [...onceBuilt.legs.filter((l) => l.positionId !== 'n1' && l.positionId !== 'p9'), again.legs.at(-1)!])
    expect(figures(again)).toEqual(figures(againBuilt))
    expect(crossings(again)).toEqual(crossings(againBuilt))
    expect(again.holds('n1')).toBe(false)
    expect(again.holds('p9')).toBe(true)
    expect(again.holds('p8')).toBe(true)
  })

  it('every leg of a break dropped: the break goes', () => {
    const random = rng(9)
    const legs = [...Array.from({ length: 60 }, (_, i) => leg(`p${i}`, random)), leg('a', random, '31337'), leg('b', random, '31337')]
    const base = new Exposure('M', legs)
    const replaced = Exposure.replacing(base, new Set(['a', 'b']), [])
    const built = new Exposure('M', legs.slice(0, 60))
    expect(replaced.breakCount).toBe(base.breakCount - 2)
    expect(figures(replaced)).toEqual(figures(built))
  })

  it('a leg put in at a 40-digit entry price (an average after a fill): the sums round as the build rounds them', () => {
    const random = rng(10)
    const legs = Array.from({ length: 80 }, (_, i) => leg(`p${i}`, random))
    const averaged = [
      { ...leg('p2', random), entryPrice: new Decimal(1).div(new Decimal('19.7')) },
      { ...leg('n', random), entryPrice: new Decimal(2).div(3) },
    ]
    const replaced = Exposure.replacing(new Exposure('M', legs), new Set(['p2']), averaged)
    const built = new Exposure('M', [...legs.filter((l) => l.positionId !== 'p2'), ...averaged])
    expect(replaced.entryValue.sd()).toBe(40)
    expect(figures(replaced)).toEqual(figures(built))
    expect(crossings(replaced)).toEqual(crossings(built))
  })

  it('terms too wide for exact sums: built from the legs, the same figures', () => {
    const random = rng(11)
    const legs = Array.from({ length: 80 }, (_, i) => leg(`p${i}`, random))
    const wide = { ...leg('w', random), quantity: new Decimal('123456789012345.123456789012345678') }
    const replaced = Exposure.replacing(new Exposure('M', legs), new Set(['p1']), [wide])
    const built = new Exposure('M', [...legs.filter((l) => l.positionId !== 'p1'), wide])
    expect(figures(replaced)).toEqual(figures(built))
  })

  it.each([21, 22, 23])('seed %i: 400 legs (past the float screen’s tree): replaced as built, each crossing the first price at the level', (seed) => {
    const random = rng(seed)
    const legs = Array.from({ length: 400 }, (_, i) => leg(`p${i}`, random))
    const base = new Exposure('M', legs)
    expect(base.breakCount).toBeGreaterThan(256)
    const dropped = new Set(['p3', 'p200', 'p399'])
    const added = [leg('p3', random, '900000'), leg('n1', random)]
    const replaced = Exposure.replacing(base, dropped, added)
    const built = new Exposure('M', [...legs.filter((l) => !dropped.has(l.positionId)), ...added])
    expect(figures(replaced)).toEqual(figures(built))
    for (const wallet of ['40000000', '300000', '60000']) {
      const found = crossings(replaced, wallet)
      expect(found).toEqual(crossings(built, wallet))
      expect(found).toEqual(crossings(base, wallet).map((_, k) => walkedCrossing(built, wallet, k)))
    }
  })

  it('a chain of replacements, one leg out at a time past the chain’s length: as built along it', () => {
    const random = rng(31)
    const legs = Array.from({ length: 300 }, (_, i) => leg(`p${i}`, random))
    let chained = new Exposure('M', legs)
    let kept = legs
    for (let step = 0; step < 45; step++) {
      const out = kept[(step * 7) % kept.length]!
      chained = Exposure.replacing(chained, new Set([out.positionId]), step % 5 === 0 ? [leg(`n${step}`, random)] : [])
      kept = [...kept.filter((l) => l !== out), ...chained.legs.filter((l) => l.positionId === `n${step}`)]
      if (step % 11 !== 10) continue
      const built = new Exposure('M', kept)
      expect(figures(chained), `step ${step}`).toEqual(figures(built))
      expect(crossings(chained, '300000'), `step ${step}`).toEqual(crossings(built, '300000'))
    }
  })
})

/**
 * The straightforward answer `crossings` must give (row k: ratio 1 then 0.8, each down then up): the margin left at
 * the level, ratio·balance(P) − requirement(P), read at every break from 0.05 outward, and the first piece where it
 * is at or below 0 solved on that piece alone.
 */
function walkedCrossing(e: Exposure, wallet: string, k: number): string | null {
  const ratio = new Decimal(k < 2 ? '1' : '0.8')
  const direction = k % 2 === 0 ? 'down' : 'up'
  const from = new Decimal('0.05')
  const rest = new Decimal(wallet)
  const left = (price: Decimal, piece: number) =>
    ratio.mul(rest.plus(e.pnl(price))).minus(price.mul(e.rateOn(piece)).minus(e.amountOn(piece)).plus(e.closeFees))
  const start = e.pieceOf(from)
  const past = !left(from, start).gt(0)
  const sign = past ? -1 : 1
  const down = (direction === 'down') !== past
  // On piece i the margin left is a + b·P: its root, when it lies inside the piece, is where the level is reached.
  const rootIn = (i: number): Decimal | null => {
    const lo = i === 0 ? new Decimal(0) : e.breakAt(i - 1)
    const hi = i === e.breakCount ? new Decimal(Infinity) : e.breakAt(i)
    const b = ratio.mul(e.signedQuantity).minus(e.rateOn(i))
    if (b.isZero()) return null
    const root = ratio.mul(rest.minus(e.entryValue)).minus(e.closeFees).plus(e.amountOn(i)).neg().div(b)
    return root.gt(lo) && root.lte(hi) && (down ? root.lte(from) : root.gte(from)) ? root : null
  }
  for (let i = start; down ? i >= 0 : i <= e.breakCount; i += down ? -1 : 1) {
    const entry = i === start ? from : down ? e.breakAt(i) : e.breakAt(i - 1)
    if (!left(entry, i).mul(sign).gt(0)) return `${past} ${entry.toString()}`
    const root = rootIn(i)
    if (root) return `${past} ${root.toString()}`
  }
  return null
}

describe('legPoolTotals (and legPoolBalance) = poolTotals of the one-leg pool with its exposure built', () => {
  const short = { ...leg('s', rng(7), '400000'), sign: -1 as const, closeFee: new Decimal('1.25') }
  const long = { ...leg('l', rng(8), '77777'), sign: 1 as const }
  // The breaks of `long`: 20000 / 77777 and 200000 / 77777; prices on them, either side of them, and far out.
  const onBreak = new Decimal('20000').div('77777')
  const prices = [
    '0.0000001',
    '0.05',
    onBreak.toString(),
    onBreak.minus('1e-38').toString(),
    onBreak.plus('1e-38').toString(),
    new Decimal('200000').div('77777').toString(),
    '2.5',
    '3',
    '123456',
  ]
  it.each(prices)('at %s', (price) => {
    for (const [one, collateral] of [
      [long, '1000'],
      [short, '-3.5'],
    ] as const) {
      const p = new Decimal(price)
      const built = poolTotals(
        { collateral: new Decimal(collateral), reservedInCollateral: new Decimal(0), exposures: new Map([['M', new Exposure('M', [one])]]) },
        () => p,
      )
      const direct = legPoolTotals(one, new Decimal(collateral), p)
      expect([direct.balance.toString(), direct.requirement.toString()]).toEqual([built.balance.toString(), built.requirement.toString()])
      expect(legPoolBalance(one, new Decimal(collateral), p).toString()).toBe(built.balance.toString())
    }
  })
  it('the maintenance steps at each break: tier 1, 2 and 3 of the ladder', () => {
    const at = (price: Decimal) => legPoolTotals(long, new Decimal(0), price).requirement
    const below = onBreak.minus('1e-30')
    expect(at(below).toString()).toBe(below.mul('77777').mul('0.01').toString())
    const past = new Decimal('2.6')
    expect(at(past).toString()).toBe(past.mul('77777').mul('0.025').minus(LADDER.tiers[2]!.maintenanceAmount).toString())
  })
})
