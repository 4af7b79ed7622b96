// Almgren–Chriss time risk of a schedule, with numbers chosen so the square roots come out by hand.
import { describe, expect, it } from 'vitest'
import { scheduleRisk } from '../../src/execution/time-risk.js'
import { relativeStd } from '../../src/volatility.js'
import { d, sig, str } from './book.js'

// One (365-day) year is 31 536 000 000 ms.
const YEAR_MS = 31_536_000_000

describe('relativeStd: σ·√(T / year)', () => {
  it.each([
    { name: 'one year', ms: YEAR_MS, want: '0.5' }, // 0.5·√1
    { name: 'a hundredth of a year', ms: YEAR_MS / 100, want: '0.05' }, // 0.5·√0.01 = 0.5·0.1
    { name: 'a day', ms: 86_400_000, want: '0.0261711961295106851769428708938' }, // 0.5/√365 (30 digits)
    { name: 'no time', ms: 0, want: '0' },
  ])('$name', ({ ms, want }) => {
    expect(sig(relativeStd(d('0.5'), ms))).toBe(want)
  })
})

describe('scheduleRisk', () => {
  it('5 children, 4 intervals of 1/400 year, σ = 0.5', () => {
    // Duration 4·τ = 1/100 year → σ√T = 0.5·0.1 = 0.05 → 500 bps.
    // Cost std: σ√τ = 0.5·√(1/400) = 0.025; factor (n−1)(2n−1)/(6n) = 4·9/30 = 1.2;
    // 0.025·√1.2 = 0.0273861278752583056728484891400 → 273.861278752583056728484891400 bps.
    // Same as AC's uniform-schedule variance ⅓σ²T(1 − 1/N)(1 − 1/(2N)) with T = Nτ = 5/400:
    // ⅓·0.25·0.0125·0.8·0.9 = 0.00075, √0.00075 = 0.0273861278752583…
    const risk = scheduleRisk({ volatility: d('0.5'), slices: 5, intervalMs: YEAR_MS / 400 })
    expect(risk.durationMs).toBe(YEAR_MS / 100)
    expect(str(risk.priceMoveStdBps)).toBe('500')
    expect(sig(risk.costStdBps)).toBe('273.8612787525830567284848914')
  })

  it('one order has no schedule risk', () => {
    const risk = scheduleRisk({ volatility: d('0.5'), slices: 1, intervalMs: 30_000 })
    expect([risk.durationMs, str(risk.priceMoveStdBps), str(risk.costStdBps)]).toEqual([0, '0', '0'])
  })

  it('two children: cost std is half the one-interval move', () => {
    // n = 2: factor 1·3/12 = 0.25, √0.25 = 0.5; τ = 1/100 year → σ√τ = 0.05 → 500 bps; cost std 250 bps.
    const risk = scheduleRisk({ volatility: d('0.5'), slices: 2, intervalMs: YEAR_MS / 100 })
    expect([str(risk.priceMoveStdBps), str(risk.costStdBps)]).toEqual(['500', '250'])
  })
})
