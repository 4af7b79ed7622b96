// `--format html` from the built binary: -o writes the page (the "done when" command), a file that cannot
// be written is exit 2 with its reason, and the text and JSON runs never load the HTML bundle (dist/html.cjs, with
// the charting library), which a preload refuses.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { refusingPreload } from '../helpers.js'

const dir = mkdtempSync(join(tmpdir(), 'perp-check-html-cli-'))
const refuse = refusingPreload(/html\.cjs$/, 'the HTML bundle')

function run(args: string[], preload: string[] = []) {
  const r = spawnSync(process.execPath, [...preload, 'bin/perp-check.js', ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('perp-check --format html', () => {
  it('-o writes one self-contained page: no src or href that leaves the file, every chart an inline SVG', () => {
    const out = join(dir, 'demo.html')
    expect(run(['fixtures/demo.yaml', '--format', 'html', '-o', out])).toMatchObject({ code: 0, stdout: '', stderr: '' })
    const page = readFileSync(out, 'utf8')
    expect(page.startsWith('<!doctype html>')).toBe(true)
    expect(page).toContain("default-src 'none'")
    expect(page.match(/<svg[^>]*class="[^"]*\bchart\b/g)?.length).toBeGreaterThanOrEqual(8)
    expect(page.match(/\b(?:src|href)="(?!#)[^"]*"/g) ?? []).toEqual([])
    expect(page).not.toMatch(/@import|url\(/)
  })

  it('the same page on standard output without -o; diff --format html too', () => {
    const r = run(['fixtures/demo.yaml', '--format', 'html'])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(readFileSync(join(dir, 'demo.html'), 'utf8'))
    const d = run(['diff', 'fixtures/diff/all/old.yaml', 'fixtures/diff/all/new.yaml', '--format', 'html'])
    expect(d.code).toBe(1)
    expect(d.stdout).toContain('attribution-waterfall')
  })

  it('a file that cannot be written: exit 2 and why, nothing on standard output', () => {
    const r = run(['fixtures/demo.yaml', '--format', 'html', '-o', join(dir, 'no-such-folder', 'x.html')])
    expect(r).toMatchObject({ code: 2, stdout: '' })
    expect(r.stderr).toMatch(/cannot write .*x\.html: no such file/)
  })

  it('the text and JSON runs never load the HTML bundle; --format html does (so the preload is a real test)', () => {
    const preload = ['--require', refuse]
    expect(run(['fixtures/demo.yaml'], preload)).toMatchObject({ code: 0, stderr: '' })
    expect(run(['fixtures/demo.yaml', '--format', 'json'], preload)).toMatchObject({ code: 0, stderr: '' })
    const html = run(['fixtures/demo.yaml', '--format', 'html'], preload)
    expect(html.code).toBe(2)
    expect(html.stderr).toMatch(/the HTML bundle was loaded/)
  })
})
