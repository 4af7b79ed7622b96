// Order-rate limits: the sliding-window schedule sent[i] = max(planned[i], sent[i − N] + W).
import { describe, expect, it } from 'vitest'
import { sustainedRate, throttle, throttlePlan } from '../../src/execution/throttle.js'
import { VENUES } from '../../src/venues.js'

const perSecond = (orders: number) => [{ orders, perMs: 1000 }]

describe('throttle', () => {
  it.each([
    { name: 'within the limit', planned: [0, 100, 200], limits: perSecond(10), want: [0, 100, 200] },
    // 2 a second: the third waits for the first to leave the window.
    { name: 'a burst of 5 at 2/s', planned: [0, 0, 0, 0, 0], limits: perSecond(2), want: [0, 0, 1000, 1000, 2000] },
    { name: 'six 100ms apart at 2/s', planned: [0, 100, 200, 300, 400, 500], limits: perSecond(2), want: [0, 100, 1000, 1100, 2000, 2100] },
    // Two limits at once: 3 a second and 4 in 10 s; the 5th waits for the 10 s window.
    {
      name: 'two windows',
      planned: [0, 0, 0, 0, 0],
      limits: [
        { orders: 3, perMs: 1000 },
        { orders: 4, perMs: 10_000 },
      ],
      want: [0, 0, 0, 1000, 10_000],
    },
  ])('$name', ({ planned, limits, want }) => expect(throttle(planned, limits)).toEqual(want))

  it('binance-usdm: the 301st order at once waits 10 s, the 1 201st a minute', () => {
    const sent = throttle(new Array(1201).fill(0), VENUES['binance-usdm'].rateLimits!)
    expect([sent[299], sent[300], sent[599], sent[600], sent[1199], sent[1200]]).toEqual([0, 10_000, 10_000, 20_000, 30_000, 60_000])
    expect(sustainedRate(VENUES['binance-usdm'].rateLimits!)).toBe(20)
  })
})

describe('throttlePlan', () => {
  it.each([
    // 10 a second allows one every 100 ms exactly: the boundary runs as planned.
    { name: 'at the limit', slices: 20, interval: 100, limit: 10, delayed: 0, maxDelay: 0, effective: 1900 },
    // 99 ms: the 11th child is due at 990 ms, the window frees at 1 000 ms; each later one 10 ms late, the last at 891 + 1 000.
    { name: 'just over the limit', slices: 20, interval: 99, limit: 10, delayed: 10, maxDelay: 10, effective: 1891 },
    // 50 children 50 ms apart (20/s) at 10/s: bursts of ten 50 ms apart each second, the plan's 2.45 s becomes 4.45 s.
    { name: 'twice the limit', slices: 50, interval: 50, limit: 10, delayed: 40, maxDelay: 2000, effective: 4450 },
    // All at once (interval 0): 30 children at 10/s go in three bursts.
    { name: 'all at once', slices: 30, interval: 0, limit: 10, delayed: 20, maxDelay: 2000, effective: 2000 },
  ])('$name', ({ slices, interval, limit, delayed, maxDelay, effective }) => {
    const plan = throttlePlan(slices, interval, perSecond(limit))
    expect([plan.delayed, plan.maxDelayMs, plan.effectiveDurationMs, plan.plannedDurationMs]).toEqual([delayed, maxDelay, effective, (slices - 1) * interval])
  })
})
