// The page around the charts: one HTML document with its styles and a small sorting script inline (nothing is
// fetched: no font, style, script or image from anywhere), tables that sort by any column, a dark scheme and a
// print stylesheet. The charts are static SVG and read without the script.

/** Text for HTML: & < > " ' escaped. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** An id attribute for a subject: its kind and its id, every character outside [A-Za-z0-9_-] written by code. */
export function anchor(kind: string, id: string): string {
  return `${kind}-${id.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.codePointAt(0)!.toString(16)}_`)}`
}

/** A table cell: the text shown, and the value it sorts by (a drawing number; figures are sorted, never printed, from it). */
export type Cell = string | { text: string; sort?: number | null; className?: string; html?: string }

export interface TableOptions {
  caption: string
  headers: string[]
  rows: Cell[][]
  className?: string
  /** Row ids, for links to a row. */
  rowIds?: (string | undefined)[]
  /** Columns whose cells are figures (right-aligned). */
  numeric?: number[]
}

/** A sortable table (the chart's text alternative): every figure of the chart beside it. */
export function table({ caption, headers, rows, className, rowIds, numeric = [] }: TableOptions): string {
  const head = headers.map((h, i) => `<th scope="col"${numeric.includes(i) ? ' class="num"' : ''}><button type="button">${esc(h)}</button></th>`).join('')
  const body = rows
    .map((row, r) => {
      const id = rowIds?.[r]
      const cells = row
        .map((cell, i) => {
          const c = typeof cell === 'string' ? { text: cell } : cell
          const classes = [numeric.includes(i) ? 'num' : '', c.className ?? ''].filter(Boolean).join(' ')
          const sort = c.sort === undefined || c.sort === null ? '' : ` data-sort="${c.sort}"`
          return `<td${classes ? ` class="${classes}"` : ''}${sort}>${c.html ?? esc(c.text)}</td>`
        })
        .join('')
      return `<tr${id ? ` id="${id}"` : ''}>${cells}</tr>`
    })
    .join('\n')
  return `<div class="table-wrap"><table class="sortable${className ? ` ${className}` : ''}"><caption>${esc(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`
}

/** A chart and its table side by side (stacked on a narrow screen). */
export function figure(chartSvg: string, tableHtml: string, className = ''): string {
  return `<div class="figure${className ? ` ${className}` : ''}"><div class="plot">${chartSvg}</div>${tableHtml}</div>`
}

/** A status as a word with its mark, coloured by the page's styles. */
export function statusBadge(status: string | null | undefined): string {
  if (!status) return '<span class="status">—</span>'
  const mark = { fail: '✗', warn: '⚠', skip: '○', info: 'ℹ', pass: '✓' }[status] ?? ''
  return `<span class="status status-${esc(status)}">${mark} ${esc(status)}</span>`
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1d2330; --muted: #5d6575; --rule: #d8dce3; --panel: #f5f7fa;
  --fail: #b42323; --warn: #8a5a00; --pass: #1f7a44; --info: #2c64a0; --skip: #5d6575; --link: #2456a8; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #12151b; --fg: #e3e7ee; --muted: #a0a8b6; --rule: #323845; --panel: #1b2029;
    --fail: #ff7b7b; --warn: #f0b840; --pass: #6fd39a; --info: #82b4f0; --skip: #a0a8b6; --link: #8ab4ff; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.45rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.2rem; margin: 28px 0 8px; padding-top: 8px; border-top: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 20px 0 6px; overflow-wrap: anywhere; }
a { color: var(--link); }
p, li { overflow-wrap: anywhere; }
.meta { color: var(--muted); margin: 0 0 6px; overflow-wrap: anywhere; }
.summary { font-weight: 600; }
nav ul { display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 8px 0; list-style: none; }
.problems li { margin: 4px 0; }
.problems .rule { color: var(--muted); font-size: 0.85em; }
.status { white-space: nowrap; font-weight: 600; }
.status-fail { color: var(--fail); } .status-warn { color: var(--warn); } .status-pass { color: var(--pass); }
.status-info { color: var(--info); } .status-skip { color: var(--skip); }
.figure { display: grid; grid-template-columns: minmax(0, 1fr); gap: 12px; align-items: start; margin: 8px 0 18px; }
@media (min-width: 1100px) { .figure { grid-template-columns: minmax(0, 1.25fr) minmax(0, 1fr); } }
.plot { min-width: 0; }
.plot svg { display: block; width: 100%; height: auto; max-width: 100%; color: var(--fg); overflow: visible; }
.table-wrap { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.88rem; width: 100%; }
caption { text-align: left; color: var(--muted); font-size: 0.85rem; padding-bottom: 4px; caption-side: top; }
th, td { padding: 3px 8px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
td { white-space: nowrap; } td.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 14em; }
th { background: var(--panel); position: sticky; top: 0; }
th button { all: unset; cursor: pointer; font-weight: 600; }
table.wrapped-headings th { white-space: normal; vertical-align: bottom; }
th button:focus-visible { outline: 2px solid var(--link); }
th[aria-sort="ascending"] button::after { content: " ▲"; } th[aria-sort="descending"] button::after { content: " ▼"; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr:target { outline: 2px solid var(--link); }
section:target > h3, section:target > h2 { background: var(--panel); }
.note { color: var(--muted); font-size: 0.9rem; }
@media (max-width: 600px) { main { padding: 10px; } body { font-size: 14px; } th, td { padding: 3px 5px; }
  /* A chart keeps a readable size on a phone: its own box scrolls sideways, never the page. */
  .plot { overflow-x: auto; } .plot svg { min-width: 480px; } }
@media print {
  :root { --bg: #fff; --fg: #000; --muted: #333; --rule: #999; --panel: #eee; --link: #000; }
  body { font-size: 10pt; } main { max-width: none; padding: 0; } nav { display: none; }
  .figure { grid-template-columns: minmax(0, 1fr); } .plot, tr { break-inside: avoid; } .plot svg { max-width: 17cm; }
  .table-wrap { overflow: visible; } th { position: static; } th button::after { content: none !important; }
  h2 { break-before: page; } h2:first-of-type { break-before: auto; }
}
`

// Sorting: a click on a column's header sorts its table by data-sort (numbers) or the cell's text.
const SCRIPT = `
for (const table of document.querySelectorAll('table.sortable')) {
  table.querySelectorAll('th button').forEach((button, column) => {
    button.addEventListener('click', () => {
      const th = button.parentElement
      const down = th.getAttribute('aria-sort') === 'ascending'
      table.querySelectorAll('th').forEach((h) => h.removeAttribute('aria-sort'))
      th.setAttribute('aria-sort', down ? 'descending' : 'ascending')
      const body = table.tBodies[0]
      const key = (row) => { const cell = row.cells[column]; const n = cell && cell.dataset.sort; return n !== undefined && n !== '' ? Number(n) : (cell ? cell.textContent : '') }
      const rows = [...body.rows].sort((a, b) => { const x = key(a), y = key(b); const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true }); return down ? -c : c })
      for (const row of rows) body.appendChild(row)
    })
  })
}
`

/**
 * `html` with a negative figure's hyphen-minus shown as the minus sign U+2212 (−1,264.86 USDT, −60%): in the text
 * a reader sees only, where a "-" starts a figure (at the start of a text or after a space, a bracket, "=", ","
 * or ":"). Attributes (data-sort, ids), scripts and styles keep theirs, and so do ids and dates
 * (btc-core, 2026-11-21), whose "-" follows a letter or a digit. The JSON and text reports are not touched.
 */
export function withMinusSigns(html: string): string {
  return html.replace(/<(script|style)\b[\s\S]*?<\/\1>|>([^<]+)</g, (match, _block, text: string | undefined) =>
    text === undefined ? match : `>${text.replace(/(^|[\s([=,:/])-(?=\.?\d)/g, '$1\u2212')}<`,
  )
}

/** The whole document; its displayed negative figures with the minus sign (withMinusSigns). */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${withMinusSigns(body)}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`
}
