// Generated from the JSON Schemas of the report (src/report/schema.ts) and of the diff (src/report/diff-schema.ts)
// by test/lib/documents.test.ts; do not edit: UPDATE_TYPES=1 npx vitest run test/lib/documents.test.ts rewrites it.
/* biome-ignore-all lint: generated */

export type ReportSchemaDocument = ReportDocument | InputErrorsDocument | UsageErrorsDocument

export interface ReportDocument {
  schema_version: 2
  tool: {
    name: 'perp-check'
    version: string
  }
  input: {
    file: string
    sha256: string
    /**
     * ISO 8601, UTC, milliseconds
     */
    as_of: string
    venue: string
  }
  assumptions: {
    name: string
    value: string
    source: string
    applies_to: string[]
  }[]
  summary: {
    fail: number
    warn: number
    info: number
    pass: number
    skip: number
    exit_code: 0 | 1 | 2
    /**
     * With --order: the items' counts once the command line's orders fill, which the exit code judges
     */
    once_filled?: {
      fail: number
      warn: number
      info: number
      pass: number
      skip: number
      failures: number
      [k: string]: unknown
    }
    worst: null | {
      rule: string
      status: 'fail' | 'warn'
      subject: string
      message: string
    }
  }
  /**
   * Worst first (severity descending), then the subjects in file order
   */
  findings: {
    /**
     * <check>/<item kind>, stable across versions
     */
    rule: string
    check: string
    status: 'fail' | 'warn' | 'info' | 'pass' | 'skip'
    /**
     * 4 fail, 3 warn, 2 skip, 1 info, 0 pass
     */
    severity: 0 | 1 | 2 | 3 | 4
    subject: string
    /**
     * The subject the item is grouped under
     */
    cause: string
    message: string
    figures: {
      [k: string]: string | boolean | null | string[]
    }
    path: string
    line: number
    column: number
  }[]
  failures: (
    | {
        check: string
        error: string
      }
    | {
        view: string
        error: string
        checks: string[]
      }
  )[]
  markets: {
    symbol: string
    liquidation_trigger: 'mark' | 'last' | 'index'
    /**
     * An exact decimal, as a string
     */
    tick_size: string
    quote: string
    prices: {
      /**
       * An exact decimal, as a string
       */
      index: string
      /**
       * An exact decimal, as a string
       */
      mark: string
      /**
       * An exact decimal, as a string
       */
      last: string
      [k: string]: unknown
    }
    /**
     * The file’s order book, best first; cumulative is the size up to and including the level; in reports built for charts
     */
    book?: {
      bids: {
        /**
         * An exact decimal, as a string
         */
        price: string
        /**
         * An exact decimal, as a string
         */
        size: string
        /**
         * An exact decimal, as a string
         */
        cumulative: string
      }[]
      asks: {
        /**
         * An exact decimal, as a string
         */
        price: string
        /**
         * An exact decimal, as a string
         */
        size: string
        /**
         * An exact decimal, as a string
         */
        cumulative: string
      }[]
      [k: string]: unknown
    }
    [k: string]: unknown
  }[]
  positions: {
    id: string
    market: string
    side: 'long' | 'short'
    /**
     * An exact decimal, as a string
     */
    size: string
    /**
     * An exact decimal, as a string
     */
    entry_price: string
    margin_mode: 'cross' | 'isolated'
    /**
     * An exact decimal, as a string
     */
    trigger_price: string
    /**
     * An exact decimal, as a string
     */
    notional: string
    /**
     * An exact decimal, as a string
     */
    unrealized_pnl: string
    liquidation_price?: string | null
    liquidation_distance?: string | null
    /**
     * Where the pool’s margin ratio first reaches thresholds.margin_ratio_warn
     */
    liquidation_band_start?: string | null
    /**
     * The price at which the position’s notional crosses each tier’s cap (the last tier left out)
     */
    tier_boundaries?: {
      tier: number
      price: string | null
      [k: string]: unknown
    }[]
    funding?: null | {
      /**
       * ISO 8601, UTC, milliseconds
       */
      next_at: string
      instants: number
      /**
       * An exact decimal, as a string
       */
      amount: string
      /**
       * The first 24 settlements of the hold (instants counts them all); payment positive = paid, cumulative the sum so far; in reports built for charts
       *
       * @maxItems 24
       */
      payments?: {
        /**
         * ISO 8601, UTC, milliseconds
         */
        at: string
        /**
         * An exact decimal, as a string
         */
        rate: string
        /**
         * An exact decimal, as a string
         */
        payment: string
        /**
         * Paid up to and including this settlement
         */
        cumulative: string
      }[]
      [k: string]: unknown
    }
    worst_status: 'fail' | 'warn' | 'info' | 'pass' | 'skip' | null
    [k: string]: unknown
  }[]
  orders: {
    id: string
    market: string
    side: 'buy' | 'sell'
    /**
     * An exact decimal, as a string
     */
    size: string
    type: 'market' | 'limit' | 'post_only'
    price?: string | null
    slices: number
    /**
     * Between slices (0 for one slice)
     */
    interval_ms: number
    /**
     * The order’s own order-entry latency; null when the file gives none
     */
    latency_ms: number | null
    /**
     * The latency expected_fee and taker_probability are at
     */
    fee_latency_ms?: number | null
    stress_latency_ms?: number | null
    tick_size?: string | null
    tick_source?: 'file' | 'inferred' | null
    quote_rate?: string | null
    quote_rate_source?: 'file' | 'volatility' | null
    /**
     * The book walked for a tenth of the size up to the whole, base and stressed (null without a stressed book): average price and slippage against the mid
     */
    size_curve?: {
      /**
       * An exact decimal, as a string
       */
      size: string
      base: {
        vwap: string | null
        slippage_bps: string | null
        /**
         * An exact decimal, as a string
         */
        unfilled: string
        [k: string]: unknown
      }
      stressed: null | {
        vwap: string | null
        slippage_bps: string | null
        /**
         * An exact decimal, as a string
         */
        unfilled: string
        [k: string]: unknown
      }
      [k: string]: unknown
    }[]
    /**
     * Each child of a sliced plan, the book refilled at its half-life between children (never, without one); in reports built for charts
     */
    slice_walks?: {
      slice: number
      /**
       * An exact decimal, as a string
       */
      size: string
      vwap: string | null
      best_price: string | null
      worst_price: string | null
      /**
       * An exact decimal, as a string
       */
      unfilled: string
      [k: string]: unknown
    }[]
    /**
     * The chance of arriving marketable at ¼ to 10 times the stress latency and the order’s own (ms), under the tick model; in reports built for charts (--format html, check() with charts)
     */
    taker_probability_by_latency?: {
      latency_ms: number
      /**
       * The latency taker_probability is at: the order’s own, else the stress latency
       */
      used: boolean
      /**
       * An exact decimal, as a string
       */
      probability: string
      [k: string]: unknown
    }[]
    funding?: null | {
      /**
       * ISO 8601, UTC, milliseconds
       */
      next_at: string
      instants: number
      /**
       * An exact decimal, as a string
       */
      amount: string
      /**
       * The first 24 settlements of the hold (instants counts them all); payment positive = paid, cumulative the sum so far; in reports built for charts
       *
       * @maxItems 24
       */
      payments?: {
        /**
         * ISO 8601, UTC, milliseconds
         */
        at: string
        /**
         * An exact decimal, as a string
         */
        rate: string
        /**
         * An exact decimal, as a string
         */
        payment: string
        /**
         * Paid up to and including this settlement
         */
        cumulative: string
      }[]
      [k: string]: unknown
    }
    worst_status: 'fail' | 'warn' | 'info' | 'pass' | 'skip' | null
    [k: string]: unknown
  }[]
  account?: {
    [k: string]: unknown
  }
  stress?: {
    /**
     * Each distinct correlation break as a curve: the break’s two-market move scaled by the spread move (each leg’s market moving spread_move × weight), the cross account at each point and the smallest spread move at which it reaches maintenance; in reports built for charts
     */
    correlation_curves?: {
      /**
       * The pairs whose break this is
       */
      pairs: [string, string][]
      /**
       * Each leg market’s move per unit of spread move: σ ÷ (σa + σb), signed against the position
       */
      weights: {
        /**
         * An exact decimal, as a string
         */
        [k: string]: string
      }
      /**
       * The 3σ break’s spread move (one of the points)
       */
      break_spread_move: string
      points: {
        /**
         * An exact decimal, as a string
         */
        spread_move: string
        moves: {
          /**
           * An exact decimal, as a string
           */
          [k: string]: string
        }
        /**
         * An exact decimal, as a string
         */
        margin_balance: string
        /**
         * An exact decimal, as a string
         */
        maintenance_margin: string
        /**
         * Cross maintenance ÷ cross margin balance; null when the balance is not positive
         */
        margin_ratio: string | null
        [k: string]: unknown
      }[]
      breaking_point: null | {
        /**
         * An exact decimal, as a string
         */
        spread_move: string
        moves: {
          /**
           * An exact decimal, as a string
           */
          [k: string]: string
        }
        prices: {
          /**
           * An exact decimal, as a string
           */
          [k: string]: string
        }
        [k: string]: unknown
      }
      /**
       * An exact decimal, as a string
       */
      searched_to: string
      /**
       * Why there is no breaking point (or no curve)
       */
      reason: string | null
      [k: string]: unknown
    }[]
    [k: string]: unknown
  }
  risk_model?: {
    [k: string]: unknown
  }
  /**
   * With --order or --what-if: the account before and once planned orders fill
   */
  what_if?: {
    scope: 'order' | 'command line' | 'all'
    orders: string[]
    fills: {
      order: string
      market: string
      side: 'buy' | 'sell'
      /**
       * An exact decimal, as a string
       */
      size: string
      type: 'market' | 'limit' | 'post_only'
      /**
       * An exact decimal, as a string
       */
      price: string
      price_source: 'limit price' | 'book walk' | 'sliced book walk' | 'last price'
      passive: boolean
      /**
       * An exact decimal, as a string
       */
      notional: string
      /**
       * An exact decimal, as a string
       */
      fee: string
      slippage_bps: string | null
      effect: 'opens' | 'adds' | 'reduces' | 'closes' | 'flips' | 'rejected'
      /**
       * The position the fill leaves (null: it closed one)
       */
      position: string | null
      /**
       * The position it changed (null: it opened one)
       */
      position_before: string | null
      [k: string]: unknown
    }[]
    before: {
      account: {
        /**
         * An exact decimal, as a string
         */
        wallet_balance: string
        margin_balance: string | null
        maintenance_margin: string | null
        margin_ratio: string | null
        [k: string]: unknown
      }
      /**
       * The orders' markets' positions and, in a cross account, every cross position
       */
      positions: {
        id: string
        market: string
        side: 'long' | 'short'
        /**
         * An exact decimal, as a string
         */
        size: string
        /**
         * An exact decimal, as a string
         */
        entry_price: string
        margin_mode: 'cross' | 'isolated'
        tier: number | null
        maintenance_margin: string | null
        liquidation_price: string | null
        liquidation_distance: string | null
        funding_over_hold: string | null
        [k: string]: unknown
      }[]
      breaking_point: null | {
        down: string | null
        up: string | null
        [k: string]: unknown
      }
      funding_over_hold: string | null
      counts: {
        fail: number
        warn: number
        info: number
        pass: number
        skip: number
        [k: string]: unknown
      }
      [k: string]: unknown
    }
    after: {
      account: {
        /**
         * An exact decimal, as a string
         */
        wallet_balance: string
        margin_balance: string | null
        maintenance_margin: string | null
        margin_ratio: string | null
        [k: string]: unknown
      }
      /**
       * The orders' markets' positions and, in a cross account, every cross position
       */
      positions: {
        id: string
        market: string
        side: 'long' | 'short'
        /**
         * An exact decimal, as a string
         */
        size: string
        /**
         * An exact decimal, as a string
         */
        entry_price: string
        margin_mode: 'cross' | 'isolated'
        tier: number | null
        maintenance_margin: string | null
        liquidation_price: string | null
        liquidation_distance: string | null
        funding_over_hold: string | null
        [k: string]: unknown
      }[]
      breaking_point: null | {
        down: string | null
        up: string | null
        [k: string]: unknown
      }
      funding_over_hold: string | null
      counts: {
        fail: number
        warn: number
        info: number
        pass: number
        skip: number
        [k: string]: unknown
      }
      [k: string]: unknown
    }
    changed_status: {
      rule: string
      subject: string
      before: 'fail' | 'warn' | 'info' | 'pass' | 'skip' | null
      after: 'fail' | 'warn' | 'info' | 'pass' | 'skip' | null
      message: string
      [k: string]: unknown
    }[]
    judged: {
      fail: number
      warn: number
      info: number
      pass: number
      skip: number
      failures: number
      /**
       * Every item that fails or warns once the orders fill, their own items included: what the exit code reads
       */
      failing: {
        rule: string
        subject: string
        status: 'fail' | 'warn'
        message: string
        [k: string]: unknown
      }[]
      [k: string]: unknown
    }
    [k: string]: unknown
  }[]
  /**
   * --what-if: the file's planned orders past the first 10, which have no what-if of their own (they are in the all-orders one)
   */
  what_if_left_out?: string[]
  max_size?: {
    order: {
      market: string
      side: 'buy' | 'sell'
      type: 'market' | 'limit' | 'post_only'
      price: string | null
      [k: string]: unknown
    }
    /**
     * The largest size that passes; null when even one step fails
     */
    size: string | null
    /**
     * An exact decimal, as a string
     */
    step: string
    step_source: 'given' | 'inferred'
    /**
     * One step more, the size that fails; null when the limit was reached
     */
    next_size: string | null
    /**
     * The rule of the item that fails at next_size ("failure": a check could not run)
     */
    binding_rule: string | null
    binding_subject: string | null
    binding_status?: 'fail' | 'warn' | null
    binding_message: string | null
    binding_figures?: {
      [k: string]: unknown
    } | null
    binding_path?: string | null
    limit: {
      kind: 'book depth' | 'ladder'
      /**
       * An exact decimal, as a string
       */
      size: string
      /**
       * An exact decimal, as a string
       */
      figure: string
      [k: string]: unknown
    }
    limit_reached: boolean
    probes?: number
    [k: string]: unknown
  }
  [k: string]: unknown
}
export interface InputErrorsDocument {
  schema_version: 2
  tool: {
    name: 'perp-check'
    version: string
  }
  input: {
    file: string
  }
  summary: {
    exit_code: 2
    input_errors: number
  }
  /**
   * @minItems 1
   */
  input_errors: [
    {
      file: string
      line: number
      column: number
      path: string | null
      message: string
    },
    ...{
      file: string
      line: number
      column: number
      path: string | null
      message: string
    }[],
  ]
}
export interface UsageErrorsDocument {
  schema_version: 2
  tool: {
    name: 'perp-check'
    version: string
  }
  summary: {
    exit_code: 2
  }
  /**
   * @minItems 1
   */
  usage_errors: [string, ...string[]]
}

/**
 * perp-check diff --format json: two snapshots compared (kind "diff") or a series (kind "series"); decimals are exact strings
 */
export type DiffSchemaDocument = DiffDocument | SeriesDocument

export interface DiffDocument {
  schema_version: 1
  tool: {
    name: 'perp-check'
    version: string
  }
  summary: {
    exit_code: 0 | 1 | 2
    new_fails: number
    new_warns: number
    changes: number
  }
  kind: 'diff'
  old: {
    file: string
    sha256: string
    as_of: string
    venue: string
    counts: {
      fail: number
      warn: number
      info: number
      pass: number
      skip: number
    }
  }
  new: {
    file: string
    sha256: string
    as_of: string
    venue: string
    counts: {
      fail: number
      warn: number
      info: number
      pass: number
      skip: number
    }
  }
  steps: {
    step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
    title: string
  }[]
  positions: {
    id: string
    /**
     * The old id, when the pair was made by market and side
     */
    old_id?: string
    market: string
    side: 'long' | 'short'
    status: 'changed' | 'unchanged' | 'opened' | 'closed'
    old: null | {
      size: string
      entry_price: string
      margin_mode: 'cross' | 'isolated'
      leverage: string
      trigger_price: string
      liquidation_price: string | null
      distance: string | null
      /**
       * The tier of the maintenance ladder at the trigger price, from 1
       */
      tier: number
      maintenance_margin: string
      margin_ratio: string | null
    }
    new: null | {
      size: string
      entry_price: string
      margin_mode: 'cross' | 'isolated'
      leverage: string
      trigger_price: string
      liquidation_price: string | null
      distance: string | null
      /**
       * The tier of the maintenance ladder at the trigger price, from 1
       */
      tier: number
      maintenance_margin: string
      margin_ratio: string | null
    }
    attribution: null | {
      complete: boolean
      reason?: string
      /**
       * @minItems 8
       * @maxItems 8
       */
      chain: [
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
      ]
      /**
       * @minItems 7
       * @maxItems 7
       */
      components: [
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
      ]
      total: {
        liquidation_price: string | null
        distance: string | null
      }
      estimates: {
        funding: string
        fees: string
      }
      price_decimals: number
    }
    /**
     * This position's findings, new fails and warns first
     */
    findings: {
      check: string
      subject: string
      old: ('fail' | 'warn' | 'info' | 'pass' | 'skip') | null
      new: ('fail' | 'warn' | 'info' | 'pass' | 'skip') | null
      /**
       * The new message (the old one when the item is gone)
       */
      message: string
      /**
       * Where the item points: in the new file, or in the old one when the item is gone
       */
      path: string
      line: number
      column: number
    }[]
  }[]
  orders: {
    id: string
    status: 'changed' | 'added' | 'removed'
    fields: {
      field: string
      old: string | null
      new: string | null
    }[]
  }[]
  markets: {
    id: string
    status: 'changed' | 'added' | 'removed'
    fields: {
      field: string
      old: string | null
      new: string | null
    }[]
  }[]
  account: {
    old: null | {
      margin_balance: string
      maintenance_margin: string
      margin_ratio: string | null
      wallet_balance: string
    }
    new: null | {
      margin_balance: string
      maintenance_margin: string
      margin_ratio: string | null
      wallet_balance: string
    }
  }
  parameters: {
    kind: 'ladder' | 'funding-interval' | 'funding-cap' | 'liquidation-reference' | 'leverage' | 'margin-mode' | 'venue'
    subject: string
    old: string
    new: string
    effects: {
      position: string
      figure: string
      old: string | null
      new: string | null
    }[]
    /**
     * One line: what changed and what it did to every position it touches
     */
    message: string
    /**
     * Where in the new file the parameter stands
     */
    path: string
    line: number
    column: number
  }[]
  /**
   * Findings of subjects other than positions (account, markets, orders) whose status changed
   */
  findings: {
    check: string
    subject: string
    old: ('fail' | 'warn' | 'info' | 'pass' | 'skip') | null
    new: ('fail' | 'warn' | 'info' | 'pass' | 'skip') | null
    /**
     * The new message (the old one when the item is gone)
     */
    message: string
    /**
     * Where the item points: in the new file, or in the old one when the item is gone
     */
    path: string
    line: number
    column: number
  }[]
  /**
   * Everything above worth a line, fails first: what the CI formats render
   */
  changes: {
    /**
     * What kind of change, kebab-case: finding-worse, parameter-ladder, drift-distance, …
     */
    rule: string
    severity: 'fail' | 'warn' | 'info'
    /**
     * The position, order or market id, or "account"
     */
    subject: string
    message: string
    /**
     * The file the change points into: the new snapshot, or the old one for what was removed
     */
    file: string
    /**
     * Dotted YAML path, e.g. "positions[2].size"
     */
    path: string
    line: number
    column: number
  }[]
  worse: {
    fail: number
    warn: number
  }
  /**
   * Failures (checks that could not run) in either snapshot: exit code 2
   */
  failures: number
}
export interface SeriesDocument {
  schema_version: 1
  tool: {
    name: 'perp-check'
    version: string
  }
  summary: {
    exit_code: 0 | 1 | 2
    new_fails: number
    new_warns: number
    changes: number
  }
  kind: 'series'
  /**
   * @minItems 2
   */
  snapshots: [
    {
      file: string
      sha256: string
      as_of: string
      venue: string
      counts: {
        fail: number
        warn: number
        info: number
        pass: number
        skip: number
      }
    },
    {
      file: string
      sha256: string
      as_of: string
      venue: string
      counts: {
        fail: number
        warn: number
        info: number
        pass: number
        skip: number
      }
    },
    ...{
      file: string
      sha256: string
      as_of: string
      venue: string
      counts: {
        fail: number
        warn: number
        info: number
        pass: number
        skip: number
      }
    }[],
  ]
  thresholds: {
    oscillation_changes: string
    oscillation_window: string
    drift_snapshots: string
  }
  positions: {
    id: string
    market: string
    side: 'long' | 'short'
    distance: {
      /**
       * One value per snapshot, oldest first; null where the item is absent or has no value
       */
      values: (string | null)[]
      first: string | null
      last: string | null
      change: string | null
      direction: 'up' | 'down' | 'flat' | 'mixed' | 'none'
    }
  }[]
  account: {
    margin_ratio: {
      /**
       * One value per snapshot, oldest first; null where the item is absent or has no value
       */
      values: (string | null)[]
      first: string | null
      last: string | null
      change: string | null
      direction: 'up' | 'down' | 'flat' | 'mixed' | 'none'
    }
  }
  oscillations: {
    parameter: 'ladder' | 'leverage' | 'funding-interval' | 'margin-mode' | 'stop'
    subject: string
    /**
     * The value at each change inside the window, oldest first
     */
    values: {
      as_of: string
      value: string
    }[]
    changes: number
    window: string
  }[]
  drift: {
    kind: 'distance-shrinking' | 'funding-rising-with-volatility'
    subject: string
    /**
     * The as_of of the first snapshot the drift spans
     */
    since: string
    snapshots: number
    message: string
  }[]
  latest: Diff
  /**
   * latest.changes, then a line per oscillation and drift, fails first
   */
  changes: {
    /**
     * What kind of change, kebab-case: finding-worse, parameter-ladder, drift-distance, …
     */
    rule: string
    severity: 'fail' | 'warn' | 'info'
    /**
     * The position, order or market id, or "account"
     */
    subject: string
    message: string
    /**
     * The file the change points into: the new snapshot, or the old one for what was removed
     */
    file: string
    /**
     * Dotted YAML path, e.g. "positions[2].size"
     */
    path: string
    line: number
    column: number
  }[]
  /**
   * Failures (checks that could not run) in any snapshot: exit code 2
   */
  failures: number
}
export interface Diff {
  kind: 'diff'
  old: {
    file: string
    sha256: string
    as_of: string
    venue: string
    counts: {
      fail: number
      warn: number
      info: number
      pass: number
      skip: number
    }
  }
  new: {
    file: string
    sha256: string
    as_of: string
    venue: string
    counts: {
      fail: number
      warn: number
      info: number
      pass: number
      skip: number
    }
  }
  steps: {
    step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
    title: string
  }[]
  positions: {
    id: string
    /**
     * The old id, when the pair was made by market and side
     */
    old_id?: string
    market: string
    side: 'long' | 'short'
    status: 'changed' | 'unchanged' | 'opened' | 'closed'
    old: null | {
      size: string
      entry_price: string
      margin_mode: 'cross' | 'isolated'
      leverage: string
      trigger_price: string
      liquidation_price: string | null
      distance: string | null
      /**
       * The tier of the maintenance ladder at the trigger price, from 1
       */
      tier: number
      maintenance_margin: string
      margin_ratio: string | null
    }
    new: null | {
      size: string
      entry_price: string
      margin_mode: 'cross' | 'isolated'
      leverage: string
      trigger_price: string
      liquidation_price: string | null
      distance: string | null
      /**
       * The tier of the maintenance ladder at the trigger price, from 1
       */
      tier: number
      maintenance_margin: string
      margin_ratio: string | null
    }
    attribution: null | {
      complete: boolean
      reason?: string
      /**
       * @minItems 8
       * @maxItems 8
       */
      chain: [
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
        {
          step: 'old' | ('price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees')
          liquidation_price: string | null
          distance: string | null
          /**
           * A long covered down to a zero price, valued at a liquidation price of 0
           */
          floor: boolean
        },
      ]
      /**
       * @minItems 7
       * @maxItems 7
       */
      components: [
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
        {
          step: 'price' | 'funding' | 'margin' | 'size' | 'ladder' | 'others' | 'fees'
          liquidation_price: string | null
          distance: string | null
        },
      ]
      total: {
        liquidation_price: string | null
        distance: string | null
      }
      estimates: {
        funding: string
        fees: string
      }
      price_decimals: number
    }
    /**
     * This position's findings, new fails and warns first
     */
    findings: {
      check: string
      subject: string
      old: ('fail' | 'warn' | 'info' | 'pass' | 'skip') | null
      new: ('fail' | 'warn' | 'info' | 'pass' | 'skip') | null
      /**
       * The new message (the old one when the item is gone)
       */
      message: string
      /**
       * Where the item points: in the new file, or in the old one when the item is gone
       */
      path: string
      line: number
      column: number
    }[]
  }[]
  orders: {
    id: string
    status: 'changed' | 'added' | 'removed'
    fields: {
      field: string
      old: string | null
      new: string | null
    }[]
  }[]
  markets: {
    id: string
    status: 'changed' | 'added' | 'removed'
    fields: {
      field: string
      old: string | null
      new: string | null
    }[]
  }[]
  account: {
    old: null | {
      margin_balance: string
      maintenance_margin: string
      margin_ratio: string | null
      wallet_balance: string
    }
    new: null | {
      margin_balance: string
      maintenance_margin: string
      margin_ratio: string | null
      wallet_balance: string
    }
  }
  parameters: {
    kind: 'ladder' | 'funding-interval' | 'funding-cap' | 'liquidation-reference' | 'leverage' | 'margin-mode' | 'venue'
    subject: string
    old: string
    new: string
    effects: {
      position: string
      figure: string
      old: string | null
      new: string | null
    }[]
    /**
     * One line: what changed and what it did to every position it touches
     */
    message: string
    /**
     * Where in the new file the parameter stands
     */
    path: string
    line: number
    column: number
  }[]
  /**
   * Findings of subjects other than positions (account, markets, orders) whose status changed
   */
  findings: {
    check: string
    subject: string
    old: ('fail' | 'warn' | 'info' | 'pass' | 'skip') | null
    new: ('fail' | 'warn' | 'info' | 'pass' | 'skip') | null
    /**
     * The new message (the old one when the item is gone)
     */
    message: string
    /**
     * Where the item points: in the new file, or in the old one when the item is gone
     */
    path: string
    line: number
    column: number
  }[]
  /**
   * Everything above worth a line, fails first: what the CI formats render
   */
  changes: {
    /**
     * What kind of change, kebab-case: finding-worse, parameter-ladder, drift-distance, …
     */
    rule: string
    severity: 'fail' | 'warn' | 'info'
    /**
     * The position, order or market id, or "account"
     */
    subject: string
    message: string
    /**
     * The file the change points into: the new snapshot, or the old one for what was removed
     */
    file: string
    /**
     * Dotted YAML path, e.g. "positions[2].size"
     */
    path: string
    line: number
    column: number
  }[]
  worse: {
    fail: number
    warn: number
  }
  /**
   * Failures (checks that could not run) in either snapshot: exit code 2
   */
  failures: number
}
