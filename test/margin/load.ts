// Test helpers: a portfolio written as an object (numbers as strings) goes through the real input path
// (YAML text → schema → Portfolio), so every margin test uses the public input format.
import type { Portfolio } from '../../src/model.js'
import { load } from '../helpers.js'

export { d, load } from '../helpers.js'

/** A one-market portfolio: every field a test does not set is a plain, valid default. */
export function single(options: {
  venue?: string
  mode?: 'cross' | 'isolated'
  wallet?: string
  taker?: string
  price: string
  ladder: Record<string, string>[]
  position: Record<string, unknown>
  thresholds?: Record<string, string>
  trigger?: string
}): Portfolio {
  return load({
    version: 1,
    as_of: '2026-11-21T07:45:00Z',
    ...(options.venue ? { venue: options.venue } : {}),
    account: {
      margin_mode: options.mode ?? 'isolated',
      wallet_balance: options.wallet ?? '0',
      // The generic venue has no default fees; other venues keep theirs unless the test sets the taker rate.
      ...(options.taker || !options.venue || options.venue === 'generic' ? { fees: { maker: '0', taker: options.taker ?? '0.0005' } } : {}),
    },
    markets: {
      X: {
        prices: { index: options.price, mark: options.price, last: options.price },
        ...(options.trigger ? { liquidation_trigger: options.trigger } : {}),
        maintenance_ladder: options.ladder,
      },
    },
    positions: [{ id: 'p', market: 'X', ...options.position }],
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  })
}

/** A seeded generator of floats in [0, 1) (mulberry32), for seeded test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
