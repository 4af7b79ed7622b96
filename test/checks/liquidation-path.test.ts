// liquidation-path: each position's forced exit by its venue's procedure, and the cascade chain of each grid
// scenario. The cascade of fixtures/liquidation-path/fail.yaml is checked link by link against hand arithmetic.
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { Decimal } from '../../src/decimal.js'
import { findingsOf } from '../helpers.js'
import { d, derived, fixture, near } from '../stress/helpers.js'

const ID = 'liquidation-path'
const CASCADE = fixture('fixtures/liquidation-path/fail.yaml')

const pathOf = (portfolio: unknown, id: string) => findingsOf(portfolio, ID).find((f) => f.subject === id)!
const cascadesOf = (portfolio: unknown) => findingsOf(portfolio, ID).filter((f) => f.figures.chain !== undefined)

describe('the cascade across two markets (fixtures/liquidation-path/fail.yaml)', () => {
  // Stressed bids (spread ×2, depth ×0.5) sit 0.2, 0.6, 1.1, 2.1 under the price with 25, 50, 100, 200.
  const T1 = d(1000).div(11) // a1: (5,000 − 500)/(50 × 0.99)
  const T2 = T1.minus('0.6') // a1 sells 25 at −0.2 and 25 at −0.6: SOL left 0.6 lower
  const B1 = T1.minus('0.54') // AVAX at −1/11 is T1 too; it follows a1 by 0.9 × (−0.6/T1): T1 − 0.54
  const T3 = B1.mul(Decimal.sub(1, d('0.99').div(T2))) // it follows a2 by 0.9 × (−1.1/T2)
  const cascade = () => derived(parse(CASCADE)).stress.cascades.find((c) => c.move.eq('-0.1'))!

  it('breaks first at the move −1/11, where a1 reaches its liquidation price 1000/11', () => {
    const [a1] = cascade().links
    expect([a1!.position.id, a1!.cause.kind]).toEqual(['a1', 'move'])
    expect(near(a1!.move, d(-1).div(11), '1e-12')).toBe(true)
    expect(near(a1!.triggerPrice, T1, '1e-9')).toBe(true)
    // sells 50: 25 at T1 − 0.2, 25 at T1 − 0.6 → fill T1 − 0.4, leaves T1 − 0.6; cost to the pool 50 × 0.4 = 20
    expect(near(a1!.fill, T1.minus('0.4'), '1e-9')).toBe(true)
    expect(near(a1!.priceLeftBehind, T2, '1e-9')).toBe(true)
    expect(near(a1!.exitCost, 20, '1e-9')).toBe(true)
  })

  it('a1’s exit sets off a2 (liquidation 8,950/99 ≈ 90.404 > T2 ≈ 90.309), which sells 100 for 62.5 under T2', () => {
    const [, a2] = cascade().links
    expect([a2!.position.id, a2!.cause]).toEqual(['a2', { kind: 'link', index: 0 }])
    expect(near(a2!.triggerPrice, T2, '1e-9')).toBe(true)
    expect(near(a2!.fill, T2.minus('0.625'), '1e-9')).toBe(true) // 25·0.2 + 50·0.6 + 25·1.1 = 62.5
    expect(near(a2!.priceLeftBehind, T2.minus('1.1'), '1e-9')).toBe(true)
    // its margin at T2: 1,050 + 100 (T2 − 100) ≈ 80.9 > 62.5: closed inside the margin
    expect(a2!.exit!.wiped).toBe(false)
  })

  // What each isolated exit leaves of its margin goes back to the wallet (issue 25): a1 1% of 50 × T1 less its
  // exit cost 20, a2 its margin at T2, 1,050 + 100 (T2 − 100), less 62.5.
  const A1_LEFT = T1.mul('0.5').minus(20) // 280/11
  const A2_LEFT = d(1050).plus(T2.minus(100).mul(100)).minus('62.5')

  it('a1 and a2 each return the margin their exit leaves to the wallet: 280/11 and 1,050 + 100 (T2 − 100) − 62.5', () => {
    const [a1, a2, b1] = cascade().links
    expect(near(a1!.marginReturned, d(280).div(11), '1e-30') && near(a1!.marginReturned, A1_LEFT, '1e-30')).toBe(true)
    expect(near(a2!.marginReturned, A2_LEFT, '1e-30')).toBe(true)
    expect(near(A2_LEFT, '18.409090909090909', '1e-14')).toBe(true)
    expect(b1!.marginReturned.toFixed()).toBe('0') // cross: its realized PnL is the wallet's already
  })

  it('a2’s exit sets off the cross long b1 (liquidation 89.961 on the wallet with a1’s and a2’s margin back > AVAX ≈ 89.378), whose exit wipes the account', () => {
    const [, , b1] = cascade().links
    expect([b1!.position.id, b1!.cause]).toEqual(['b1', { kind: 'link', index: 1 }])
    expect(near(b1!.triggerPrice, T3, '1e-9')).toBe(true)
    expect(near(b1!.fill, T3.minus('0.625'), '1e-9')).toBe(true)
    // cross margin at T3: 1,050 + 25.45 + 18.41 + 100 (T3 − 100) ≈ 31.71 — all of it lost, 62.5 − 31.71 beyond bankruptcy
    const margin = d(1050).plus(A1_LEFT).plus(A2_LEFT).plus(T3.minus(100).mul(100))
    expect(near(margin, '31.7069531636', '1e-9')).toBe(true)
    expect(near(b1!.exitCost, margin, '1e-9')).toBe(true)
    expect(near(b1!.exit!.beyondBankruptcy, d('62.5').minus(margin), '1e-9')).toBe(true)
    expect(b1!.exit!.wiped).toBe(true)
  })

  it('the chain in order, what each set off, the total loss 1,050 + 500 + 1,050 = 2,600 and the account wiped', () => {
    const c = cascade()
    expect(c.links.map((l) => [l.position.id, l.setOff])).toEqual([
      ['a1', [1]],
      ['a2', [2]],
      ['b1', []],
    ])
    expect([c.equityBefore.toFixed(), c.equityAfter.toFixed(), c.totalLoss.toFixed(), c.survives, c.lost]).toEqual([
      '2600',
      '0',
      '2600',
      false,
      ['a1', 'a2', 'b1'],
    ])
  })

  it('on a wallet of 1,100 the margin a1 and a2 return carries b1 through its exit: the cross account survives with 19.21', () => {
    // Before issue 25 the two isolated margins left vanished and b1's 1,100 + 100 (T3 − 100) ≈ 37.84 could not pay
    // the 62.5 its exit costs: the account was wiped, 2,650 lost. With them back, b1's margin at T3 is 81.71.
    const p = parse(CASCADE)
    p.account.wallet_balance = 1100
    const c = derived(p).stress.cascades.find((x) => x.move.eq('-0.1'))!
    const margin = d(1100).plus(A1_LEFT).plus(A2_LEFT).plus(T3.minus(100).mul(100))
    expect([c.links.map((l) => [l.position.id, l.cause.kind, l.exit!.wiped]), c.survives, c.lost, c.equityBefore.toFixed()]).toEqual([
      [
        ['a1', 'move', false],
        ['a2', 'link', false],
        ['b1', 'link', false],
      ],
      true,
      ['a1', 'a2', 'b1'],
      '2650',
    ])
    expect(near(c.links[2]!.exitCost, '62.5', '1e-9')).toBe(true)
    expect(near(c.equityAfter, margin.minus('62.5'), '1e-9') && near(c.equityAfter, '19.2069531636', '1e-9')).toBe(true)
    expect(near(c.totalLoss, d(2650).minus(c.equityAfter), '1e-30')).toBe(true)
  })

  it('the grid scenarios past −1/11 (−10%, −20%, −30%) all run the same chain: reported once, naming the others, failing', () => {
    expect(
      cascadesOf(CASCADE).map((f) => [f.figures.move, f.figures.same_chain_moves, f.figures.chain, f.figures.total_loss, f.figures.account_survives, f.status]),
    ).toEqual([['-0.3', ['-0.2', '-0.1'], ['a1', 'a2', 'b1'], '2600', false, 'fail']])
  })

  it('message', () => {
    expect(cascadesOf(CASCADE)[0]!.message).toMatchInlineSnapshot(
      `"cascade on the way to market −30% (the same chain on the way to −20%, −10%), a 3-step chain: a1 (at −9.09% by the market move: SOLUSDT 90.9, fill 90.5, leaves 90.3) → a2 (at −9.09% by a1: SOLUSDT 90.3, fill 89.7, leaves 89.2) → b1 (at −9.09% by a2: AVAXUSDT 89.4, fill 88.8, leaves 88.3, margin gone); total loss 2,600.00, positions lost: a1, a2, b1; the cross account is wiped"`,
    )
  })
})

describe('one-step chains and independent breaks', () => {
  it('a single isolated position liquidated on the way is a one-step chain (info); the margin its exit leaves is kept', () => {
    // fixtures/liquidation-path/pass.yaml: LP 1000/11, margin at LP 1000/11, exit 100 × 0.2 + fee 0.5% × 100 × (LP − 0.2);
    // the margin left, 500/11 − 19.9 ≈ 25.55, goes back to the wallet: the chain loses 1,000 − 25.55 of the 1,000
    const found = cascadesOf(fixture('fixtures/liquidation-path/pass.yaml'))
    expect(found.map((f) => [f.figures.move, f.figures.same_chain_moves, f.figures.steps, f.status, f.figures.equity_before])).toEqual([
      ['-0.3', ['-0.2', '-0.1'], '1', 'info', '1000'],
    ])
    const left = d(500).div(11).minus('19.9')
    expect(
      near(d(found[0]!.figures.equity_after as string), left, '1e-20') && near(d(found[0]!.figures.total_loss as string), d(1000).minus(left), '1e-20'),
    ).toBe(true)
  })

  it('without a book a broken position is closed at its trigger price, with no impact, and the chain says so', () => {
    const p = parse(CASCADE)
    delete p.markets.SOLUSDT.book
    delete p.markets.AVAXUSDT.book
    const c = derived(p).stress.cascades.find((x) => x.move.eq('-0.1'))!
    // nothing moves the market: a1 breaks at −1/11 and a2 at its own liquidation price, (8,950/99)/100 − 1
    expect(c.links.map((l) => [l.position.id, l.cause.kind, l.exit, l.impact.toFixed()])).toEqual([
      ['a1', 'move', null, '0'],
      ['a2', 'move', null, '0'],
    ])
    expect(near(c.links[1]!.move, d(8950).div(9900).minus(1), '1e-12')).toBe(true)
  })

  it('no break in any scenario: one pass', () => {
    const found = findingsOf(fixture('fixtures/stress/warn.yaml'), ID).filter((f) => f.subject === 'account')
    expect(found.map((f) => f.status)).toEqual(['pass'])
  })
})

describe('each position’s path', () => {
  it('closed inside the margin: pass, with the fill, fee and margin left (fixtures/liquidation-path/pass.yaml)', () => {
    // bids at stress 250 at LP − 0.2: fill LP − 0.2; fee 0.5% × 100 (LP − 0.2); left LP − 20 − fee
    const f = pathOf(fixture('fixtures/liquidation-path/pass.yaml'), 'sol-long')
    const lp = d(1000).div(11)
    const fee = lp.minus('0.2').mul(100).mul('0.005')
    expect(f.status).toBe('pass')
    expect([f.figures.procedure, f.figures.bankruptcy_price, f.figures.taken_over]).toEqual(['reduce-then-takeover', '90', '0'])
    expect(near(d(f.figures.expected_fill as string), lp.minus('0.2'), '1e-20')).toBe(true)
    expect(near(d(f.figures.liquidation_fee as string), fee, '1e-20')).toBe(true)
    expect(near(d(f.figures.margin_left as string), lp.minus(20).minus(fee), '1e-20')).toBe(true)
  })

  it('taken over at the bankruptcy price: warn, with the fund’s unwinding loss (fixtures/liquidation-path/warn.yaml)', () => {
    const f = pathOf(fixture('fixtures/liquidation-path/warn.yaml'), 'sol-long')
    const lp = d(1000).div(11)
    expect([f.status, f.figures.book_filled, f.figures.taken_over, f.figures.margin_left]).toEqual(['warn', '75', '25', '0'])
    expect(near(d(f.figures.takeover_loss as string), d(25).mul(d('91.1').minus(lp)), '1e-20')).toBe(true) // 25 × (90 − (LP − 1.1))
  })

  it('past bankruptcy in the book: fail (fixtures/stress/fail.yaml: 0.36 × 30 + 0.64 × 1,030 = 670 under LP)', () => {
    // cross long 1 on 6,000: LP = 44,000/0.99, margin there = 1% × LP; left = LP/100 − 670 < 0
    const f = pathOf(fixture('fixtures/stress/fail.yaml'), 'btc-long')
    const lp = d(44000).div('0.99')
    expect(f.status).toBe('fail')
    expect(near(d(f.figures.beyond_bankruptcy as string), d(670).minus(lp.div(100)), '1e-18')).toBe(true)
    expect(near(d(f.figures.price_left_behind as string), lp.minus(1030), '1e-18')).toBe(true)
  })

  it('no book: skip; no liquidation price: info', () => {
    expect(pathOf(fixture('fixtures/portfolio-coupling/fail.yaml'), 'btc-long').status).toBe('skip')
    expect(pathOf(fixture('fixtures/stress/warn.yaml'), 'btc-long').status).toBe('info')
  })
})
