// The standard normal distribution function Φ, computed in decimal.js (never through a JS float): the
// tick model's normal regime (tick-latency.ts, λ·L above 2 000 quote changes) reads its bulk from it.
import { Decimal } from '../decimal.js'

/**
 * Working precision for Φ. Near x = 0 the result is 1/2 − (a sum), so the series can lose as many
 * digits as Φ(−5) ≈ 3·10⁻⁷ has leading zeros (7); 44 digits still leave more than 35 correct ones,
 * well past the 20 the figures need and the 24 the reports print. (Φ runs for every limit order at
 * two latencies, base and stressed: its cost is part of start-up.)
 */
const Work = Decimal.clone({ precision: 44 })
type Work = InstanceType<typeof Work>

/** Below this |x| the power series is used; above it Laplace's continued fraction for the tail. */
const SERIES_LIMIT = new Work(5)
/** Relative size of the last term or correction at which a series or fraction stops. */
const TOLERANCE = new Work('1e-42')
/** Either expansion converges in well under this many steps for every x (about 260 at |x| = 5). */
const MAX_STEPS = 5000

/** √(2π) at the working precision, computed on first use: most runs never reach the normal regime. */
let sqrtTwoPi: Work | undefined

/** φ(z) = exp(−z²/2) / √(2π), the standard normal density. */
function density(z: Work): Work {
  sqrtTwoPi ??= Work.acos(-1).times(2).sqrt()
  return Work.exp(z.times(z).div(-2)).div(sqrtTwoPi)
}

/**
 * Upper tail Q(z) = 1 − Φ(z) = Φ(−z) for z ≥ 0.
 * - z ≤ 5: Q(z) = 1/2 − φ(z)·Σₙ z^(2n+1) / (1·3·5···(2n+1)) (all terms positive; Abramowitz & Stegun 26.2.11).
 * - z > 5: Q(z) = φ(z) / (z + 1/(z + 2/(z + 3/(z + …)))) (Laplace's continued fraction, A&S 26.2.14),
 *   evaluated with the modified Lentz method; it converges fast exactly where the series cancels.
 */
function upperTail(z: Work): Work {
  if (z.lte(SERIES_LIMIT)) {
    const zz = z.times(z)
    let term = z
    let sum = z
    for (let n = 1; n < MAX_STEPS; n++) {
      term = term.times(zz).div(2 * n + 1)
      sum = sum.plus(term)
      if (term.lte(sum.times(TOLERANCE))) return new Work('0.5').minus(density(z).times(sum))
    }
    throw new Error(`normal CDF: series did not converge at ${z.toString()}`)
  }
  // f = z + 1/(z + 2/(z + …)): b₀ = z, aₖ = k, bₖ = z. All terms are positive, so no zero divisor.
  let f = z
  let c = z
  let d = new Work(0)
  for (let k = 1; k < MAX_STEPS; k++) {
    d = Work.div(1, z.plus(d.times(k)))
    c = z.plus(new Work(k).div(c))
    const delta = c.times(d)
    f = f.times(delta)
    if (delta.minus(1).abs().lt(TOLERANCE)) return density(z).div(f)
  }
  throw new Error(`normal CDF: continued fraction did not converge at ${z.toString()}`)
}

/**
 * Standard normal cumulative distribution Φ(x) = P(Z ≤ x), Z ~ N(0, 1), correct to well over
 * 20 significant digits (40 kept) for every finite x, including the far tails (Φ(−10) ≈ 7.6·10⁻²⁴).
 */
export function normalCdf(x: Decimal): Decimal {
  if (!x.isFinite()) {
    if (x.isNaN()) throw new Error('normal CDF of NaN')
    return new Decimal(x.isNegative() ? 0 : 1)
  }
  const z = new Work(x.toString())
  const value = z.isNegative() ? upperTail(z.neg()) : new Work(1).minus(upperTail(z))
  return new Decimal(value.toSignificantDigits(Decimal.precision).toString())
}
