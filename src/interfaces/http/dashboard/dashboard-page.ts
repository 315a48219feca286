/**
 * The dashboard's HTML: an empty frame the script fills from the API (`/api/v1/...`) and keeps
 * current from the event stream. No inline script or style, so the page runs under a strict CSP.
 */
export function renderDashboardPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dealbot</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/dashboard.css">
</head>
<body data-live="connecting">
<header>
<h1>dealbot</h1>
<span id="bot-mode" class="tag"></span>
<span id="bot-summary"></span>
<span id="live-state" class="live">connecting</span>
</header>
<div id="notice" role="alert" hidden></div>
<main>
<section id="controls-section" class="card wide">
<h2>Trading</h2>
<ul id="blocks" aria-label="What blocks trading"></ul>
<div class="actions">
<button type="button" id="pause-all">Pause all</button>
<button type="button" id="resume-all">Resume all</button>
<button type="button" id="close-all" class="danger">Close all deals</button>
</div>
<form id="open-deal" class="actions">
<label>Pair <select id="open-deal-pair" name="pair" required></select></label>
<label>Price <input id="open-deal-price" name="price" inputmode="decimal" placeholder="optional" autocomplete="off"></label>
<button type="submit">Open deal</button>
</form>
</section>
<section id="pairs" class="wide" aria-label="Pairs"></section>
<section class="card wide">
<h2>Open deals</h2>
<div class="scroll"><table id="open-deals"><thead><tr><th class="extra">Deal</th><th>Pair</th><th>Status</th><th class="extra">Opened</th><th class="extra">Bought</th><th class="extra">Avg buy</th><th class="extra">Last</th><th>PnL (unrealised)</th><th></th></tr></thead><tbody></tbody></table></div>
<p id="open-deals-empty" class="muted">No open deals.</p>
</section>
<section class="card">
<h2>Equity <span id="equity-quote" class="muted"></span></h2>
<div id="equity-chart" class="chart small"></div>
</section>
<section class="card">
<h2>Recent events</h2>
<ol id="events" reversed></ol>
<p id="events-empty" class="muted">Waiting for the bot's events.</p>
</section>
<section class="card wide">
<h2>Closed deals</h2>
<div class="scroll"><table id="closed-deals"><thead><tr><th>Deal</th><th>Pair</th><th>Status</th><th class="extra">Opened</th><th>Closed</th><th>PnL</th><th class="extra">Reason</th></tr></thead><tbody></tbody></table></div>
<p id="closed-deals-empty" class="muted">No closed deals yet.</p>
</section>
</main>
<dialog id="confirm">
<form method="dialog">
<p id="confirm-text"></p>
<div class="actions">
<button value="cancel" id="confirm-cancel">Cancel</button>
<button value="ok" id="confirm-ok" class="primary">Confirm</button>
</div>
</form>
</dialog>
<script src="/assets/lightweight-charts.js"></script>
<script src="/assets/dashboard.js"></script>
</body>
</html>
`;
}
