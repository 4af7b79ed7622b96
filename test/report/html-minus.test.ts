// The HTML page shows a negative figure with the minus sign U+2212; attributes a script reads (data-sort), the
// scripts, and ids and dates keep their hyphen-minus (docs/report.md "HTML").
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { withMinusSigns } from '../../src/report/html/page.js'

describe('withMinusSigns', () => {
  it.each([
    ['<td>-1,264.86 USDT</td>', '<td>−1,264.86 USDT</td>'],
    ['<text>-60%</text>', '<text>−60%</text>'],
    ['<p>moves = -0.30, -0.20, 0.05</p>', '<p>moves = −0.30, −0.20, 0.05</p>'],
    ['<p>(-5 bps) a: -.5</p>', '<p>(−5 bps) a: −.5</p>'],
    ['<td data-sort="-1264.86">-1,264.86</td>', '<td data-sort="-1264.86">−1,264.86</td>'], // the attribute keeps it
    ['<td>btc-core</td><td>2026-11-21</td><td>0.05-0.10</td>', '<td>btc-core</td><td>2026-11-21</td><td>0.05-0.10</td>'],
    ['<td>- none</td><td>-x</td>', '<td>- none</td><td>-x</td>'], // not a figure
    ['<script>const a = -1</script><style>.a{margin:-1px}</style>', '<script>const a = -1</script><style>.a{margin:-1px}</style>'],
  ])('%s', (html, shown) => {
    expect(withMinusSigns(html)).toBe(shown)
  })
})

describe('the demo page', () => {
  const page = spawnSync(process.execPath, [resolve('bin/perp-check.js'), 'fixtures/demo.yaml', '--format', 'html'], { encoding: 'utf8' }).stdout
  const shown = page.replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>|<[^>]*>/g, '\n')
  it('shows no negative figure with a hyphen-minus, and its stress table the minus sign', () => {
    expect(shown.match(/(^|[\s([=,:/])-\.?\d/gm)).toBeNull()
    expect(shown).toContain('−1,264.86 USDT')
  })
  it('keeps data-sort values as numbers a script reads', () => {
    expect(page).toMatch(/data-sort="-\d/)
    expect(page).not.toContain('data-sort="−')
  })
})
