// The one volatility scaling: σ·√(T / year), and its daily form σ/√365.
import { describe, expect, it } from 'vitest'
import { Decimal } from '../src/decimal.js'
import { DAY_MS, dailySigma, relativeStd } from '../src/volatility.js'

describe('volatility over a horizon', () => {
  it.each([
    // √365 annualized is exactly 1 a day; 0.73 annualized over 365 days is 0.73; over a quarter of a year, half
    { volatility: new Decimal(365).sqrt(), ms: DAY_MS, want: '1' },
    { volatility: new Decimal('0.73'), ms: 365 * DAY_MS, want: '0.73' },
    { volatility: new Decimal('0.5'), ms: (365 * DAY_MS) / 4, want: '0.25' },
    { volatility: new Decimal('0.5'), ms: 0, want: '0' },
  ])('$volatility over $ms ms → $want', ({ volatility, ms, want }) => {
    expect(relativeStd(volatility, ms).toSignificantDigits(30).toFixed()).toBe(want)
  })

  it('daily σ is volatility / √365', () => {
    // 0.55 / √365 = 0.55 / 19.104973174542… = 0.028788315742…
    expect(dailySigma(new Decimal('0.55')).toSignificantDigits(15).toFixed()).toBe(
      new Decimal('0.55').div(new Decimal(365).sqrt()).toSignificantDigits(15).toFixed(),
    )
    expect(dailySigma(new Decimal('0.55')).toDecimalPlaces(12).toFixed()).toBe('0.028788315742')
  })
})
