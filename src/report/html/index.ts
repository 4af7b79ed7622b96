// `--format html` for the checklist and for `diff`: the only door into the HTML pages and their charting
// library. The CLI reaches it through a dynamic import(), so the text and JSON runs never load it.
export { html } from './report.js'
export { diffHtml } from './diff.js'
