import type { Availability, ComponentStatus, OverallStatus, StatusPage } from './status-contract';

// The status page as one HTML document: no script, inline styles, light and dark by the reader's
// system setting. Every value passes through escapeHtml.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const css = `
:root{color-scheme:light dark;--bg:#f8fafc;--fg:#0f172a;--muted:#475569;--card:#fff;--line:#e2e8f0;--ok:#15803d;--warn:#b45309;--bad:#b91c1c;--unk:#475569}
@media (prefers-color-scheme:dark){:root{--bg:#020617;--fg:#e2e8f0;--muted:#94a3b8;--card:#0f172a;--line:#1e293b;--ok:#4ade80;--warn:#fbbf24;--bad:#f87171;--unk:#94a3b8}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
main{max-width:46rem;margin:0 auto;padding:2rem 1rem}h1{font-size:1.4rem;margin:0 0 1rem}h2{font-size:1rem;margin:2rem 0 .5rem}
.banner{border-radius:.5rem;padding:1rem 1.25rem;font-weight:600;font-size:1.1rem;border:2px solid currentColor;background:var(--card)}
.operational{color:var(--ok)}.degraded{color:var(--warn)}.outage{color:var(--bad)}.unknown,.scaled-to-zero{color:var(--unk)}
ul{list-style:none;margin:0;padding:0;background:var(--card);border:1px solid var(--line);border-radius:.5rem}
li{padding:.75rem 1rem;border-top:1px solid var(--line)}li:first-child{border-top:0}
.row{display:flex;justify-content:space-between;gap:1rem;flex-wrap:wrap}.name{font-weight:600}.muted{color:var(--muted);font-size:.875rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0}
.note{border-left:3px solid var(--warn);padding:.25rem .75rem;margin:.5rem 0}footer{margin-top:2rem}
`;

const statusWords: Record<ComponentStatus | OverallStatus, string> = {
  operational: 'Operational',
  degraded: 'Degraded',
  outage: 'Outage',
  'scaled-to-zero': 'Idle',
  unknown: 'Unknown',
};

/** "2 Dec 2026, 07:20 UTC": the same for every reader, without script. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCDate()} ${month} ${date.getUTCFullYear()}, ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`;
}

export function formatAvailability(availability: Availability): string {
  if (availability.status === 'unavailable') return 'unavailable';
  if (availability.status === 'no-traffic' || availability.ratio === null) return 'no requests in this period';
  const figure = `${(Math.floor(availability.ratio * 10_000) / 100).toFixed(2)}%`;
  return availability.coveredSince ? `${figure} (since ${formatUtc(availability.coveredSince)}: no older figures are kept)` : figure;
}

export function renderStatusHtml(page: StatusPage): string {
  const e = escapeHtml;
  const components = page.components
    .map(
      (c) => `<li><div class="row"><span class="name">${e(c.name)}</span><span class="${c.status}">${statusWords[c.status]}</span></div>` +
        `<div class="muted">${e(c.summary)}${c.version ? ` · version ${e(c.version)}` : ''}</div></li>`,
    )
    .join('');
  const incidents = page.incidents.length
    ? `<ul>${page.incidents.map((i) => `<li><div class="name">${e(i.name)}</div><div>${e(i.summary)}</div>${i.since ? `<div class="muted">since ${e(formatUtc(i.since))}</div>` : ''}</li>`).join('')}</ul>`
    : '<p class="muted">No current incidents.</p>';
  const notes = page.notes.map((note) => `<p class="note">${e(note)}</p>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex,nofollow"><meta name="referrer" content="no-referrer"><meta http-equiv="refresh" content="60">
<title>${e(page.environment)} status</title><style>${css}</style></head>
<body><main>
<h1>${e(page.environment)} status</h1>
<p class="banner ${page.status}" role="status" data-status="${page.status}">${e(page.headline)}</p>
${notes}
<h2>Components</h2><ul>${components || '<li class="muted">No components are enabled.</li>'}</ul>
<h2>Availability</h2>
<dl><dt>Last 24 hours</dt><dd>${e(formatAvailability(page.availability['24h']))}</dd><dt>Last 7 days</dt><dd>${e(formatAvailability(page.availability['7d']))}</dd>
<dt>Last deploy</dt><dd>${page.lastDeployAt ? e(formatUtc(page.lastDeployAt)) : 'none yet'}</dd></dl>
<h2>Current incidents</h2>${incidents}
<footer class="muted">Updated ${e(formatUtc(page.generatedAt))}. This page refreshes every minute.</footer>
</main></body></html>
`;
}

/** The page for a link that does not open anything: the same whether the environment exists or not. */
export function renderNotFoundHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex,nofollow">
<title>Not found</title><style>${css}</style></head><body><main><h1>Not found</h1>
<p>There is no status page here, or this link has expired or been revoked. Ask whoever shared it for a new one.</p></main></body></html>
`;
}
