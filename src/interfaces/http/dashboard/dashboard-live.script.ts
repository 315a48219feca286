import { DOMAIN_EVENT_TYPES } from '../../../domain/events.js';

/**
 * The dashboard script's last part: loading from the API, refreshes (debounced: at most one
 * every 2 s, whatever the event rate; a full one every 15 s; none while the page is hidden), the
 * event stream (`EventSource('/api/v1/events')`, authorised by the session cookie) and the
 * operator's buttons.
 */
export const DASHBOARD_LIVE_SCRIPT = String.raw`
var EVENT_TYPES = ${JSON.stringify(DOMAIN_EVENT_TYPES)};
var EVERYTHING = ['status', 'pairs', 'deals', 'equity', 'allCandles'];
var finalDeals = {};
var dealsFrom = null;

function isFinal(deal) { return WORKING.indexOf(deal.status) < 0; }
function signatureOf(deal) { return [deal.status, deal.bought, deal.sold, deal.closedAt].join('|'); }

/** Every deal: all of them once, then only those created since the oldest one still working. */
async function loadDeals() {
  var fetched = [];
  var cursor = null;
  var pages = 0;
  do {
    var query = '/deals?limit=500' + (dealsFrom !== null ? '&from=' + dealsFrom : '') + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    var answer = await getJson(query);
    fetched = fetched.concat(answer.deals);
    cursor = answer.nextCursor;
    pages += 1;
  } while (cursor && pages < 20);
  fetched.forEach(function (d) { if (isFinal(d)) finalDeals[d.id] = d; });
  var working = fetched.filter(function (d) { return !isFinal(d); });
  var all = Object.keys(finalDeals).map(function (id) { return finalDeals[id]; }).concat(working);
  var starts = (working.length > 0 ? working : fetched).map(function (d) { return d.createdAt; });
  if (starts.length > 0) dealsFrom = working.length > 0 ? Math.min.apply(null, starts) : Math.max.apply(null, starts);
  renderDeals(all);
}

/** The orders and fills of each deal a chart shows, fetched again only when the deal changed. */
async function loadDetails() {
  var queue = state.deals.filter(function (d) {
    var entry = state.charts[d.pair];
    if (!entry || entry.openTimes.length === 0) return false;
    if (d.closedAt !== null && d.closedAt < entry.openTimes[0]) return false;
    var known = state.details[d.id];
    return !known || known.signature !== signatureOf(d);
  });
  var touched = {};
  async function worker() {
    while (queue.length > 0) {
      var deal = queue.shift();
      var answer = await getJson('/deals/' + encodeURIComponent(deal.id));
      var detail = answer.deal || answer;
      detail.signature = signatureOf(deal);
      state.details[deal.id] = detail;
      touched[deal.pair] = true;
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()]);
  Object.keys(touched).forEach(drawMarkers);
}

function settle(jobs) {
  return Promise.all(jobs.map(function (job) {
    return job.catch(function (error) { if (error.status !== 401) notify('Could not refresh: ' + error.message, 'error'); });
  }));
}

async function refresh(parts) {
  var first = [];
  if (parts.status) first.push(getJson('/status').then(renderStatus));
  if (parts.pairs || parts.allCandles) first.push(getJson('/pairs').then(function (a) { renderPairs(a.pairs); }));
  await settle(first);
  var symbols = parts.allCandles ? state.pairs.map(function (p) { return p.symbol; }) : Object.keys(parts.candles || {});
  var second = symbols.filter(function (s) { return state.charts[s]; }).map(function (symbol) {
    return getJson('/candles?pair=' + encodeURIComponent(symbol)).then(function (answer) { drawCandles(state.charts[symbol], answer); });
  });
  if (parts.deals) second.push(loadDeals());
  if (parts.equity) second.push(getJson('/equity?limit=1000').then(drawEquity));
  await settle(second);
  if (parts.deals || symbols.length > 0) await settle([loadDetails()]);
  document.body.setAttribute('data-refreshed', String(Date.now()));
}

var wanted = { candles: {} };
var refreshTimer = null;
var refreshing = false;
var lastRefresh = 0;
function scheduleRefresh(parts, symbols, now) {
  parts.forEach(function (part) { wanted[part] = true; });
  (symbols || []).forEach(function (symbol) { wanted.candles[symbol] = true; });
  if (refreshTimer) return;
  refreshTimer = setTimeout(runRefresh, now ? 0 : Math.max(300, 2000 - (Date.now() - lastRefresh)));
}
async function runRefresh() {
  refreshTimer = null;
  if (document.hidden) return; // what is wanted waits for the page to be seen again
  if (refreshing) { refreshTimer = setTimeout(runRefresh, 500); return; }
  var parts = wanted;
  wanted = { candles: {} };
  refreshing = true;
  lastRefresh = Date.now();
  try { await refresh(parts); } finally { refreshing = false; }
}

function setLive(value, text) {
  document.body.setAttribute('data-live', value);
  byId('live-state').textContent = text;
}
function connect() {
  var source = new EventSource(API + '/events');
  source.onopen = function () { setLive('live', 'live'); };
  source.onerror = function () {
    if (source.readyState !== EventSource.CLOSED) { setLive('connecting', 'reconnecting'); return; }
    setLive('offline', 'offline');
    if (!state.signedOut) setTimeout(function () { connect(); scheduleRefresh(EVERYTHING); }, 5000);
  };
  function received(type) {
    return function (message) {
      var event = {};
      try { event = JSON.parse(message.data); } catch (ignored) { event = {}; }
      showEvent(event.type || type, event);
      var symbol = event.symbol || event.pair;
      scheduleRefresh(['status', 'pairs', 'deals', 'equity'], symbol ? [symbol] : []);
    };
  }
  EVENT_TYPES.forEach(function (type) { source.addEventListener(type, received(type)); });
  source.onmessage = received('message');
}

function closeDeal(deal) {
  act('Close deal ' + deal.id + ' on ' + deal.pair + ' with a market sell of what it holds?', 'POST', '/deals/' + encodeURIComponent(deal.id) + '/close', {}, function (a) { return 'Deal ' + shortId(a.deal.id) + ' is ' + a.deal.status + '.'; });
}
function cancelDeal(deal) {
  act('Cancel the buy of pending deal ' + deal.id + ' on ' + deal.pair + '?', 'POST', '/deals/' + encodeURIComponent(deal.id) + '/cancel', {}, function (a) { return 'Deal ' + shortId(a.deal.id) + ' is ' + a.deal.status + '.'; });
}
function togglePair(symbol) {
  var pair = state.pairs.filter(function (p) { return p.symbol === symbol; })[0];
  if (pair && pair.paused) {
    act('Resume trading on ' + symbol + '?', 'POST', '/trading/resume', { pair: symbol }, function (a) { return a.resumed ? symbol + ' resumed.' : symbol + ' was not paused.'; });
  } else {
    act('Pause trading on ' + symbol + '? Working deals go on; no new deal opens.', 'POST', '/trading/pause', { pair: symbol }, function () { return symbol + ' paused.'; });
  }
}

function wire() {
  byId('notice').addEventListener('click', function () { byId('notice').hidden = true; });
  byId('pause-all').addEventListener('click', function () {
    act('Pause trading on every pair? Working deals go on; no new deal opens.', 'POST', '/trading/pause', {}, function () { return 'Trading paused.'; });
  });
  byId('resume-all').addEventListener('click', function () {
    act('Resume trading on every pair?', 'POST', '/trading/resume', {}, function (a) { return a.resumed ? 'Trading resumed.' : 'Nothing was paused.'; });
  });
  byId('close-all').addEventListener('click', function () {
    act('Close every working deal with a market sell?', 'POST', '/trading/close_all', {}, function (a) { return 'Closing ' + a.deals.length + ' deals.'; });
  });
  byId('open-deal').addEventListener('submit', function (submitted) {
    submitted.preventDefault();
    var pair = byId('open-deal-pair').value;
    var price = byId('open-deal-price').value.trim();
    var body = price === '' ? { pair: pair } : { pair: pair, price: price };
    act('Open a deal on ' + pair + (price === '' ? ' at the price the bot chooses' : ' with a buy at ' + price) + '?', 'POST', '/trading/open_deal', body, function (a) {
      return 'Deal ' + shortId(a.deal.id) + ' opened on ' + a.deal.pair + ' (' + a.deal.status + ').';
    }).then(function (done) { if (done) byId('open-deal-price').value = ''; });
  });
}

if (!LC) notify('The chart library did not load; the tables still work.', 'error');
wire();
connect();
scheduleRefresh(EVERYTHING, [], true);
setInterval(function () { if (!document.hidden) scheduleRefresh(EVERYTHING); }, 15000);
document.addEventListener('visibilitychange', function () { if (!document.hidden) scheduleRefresh(EVERYTHING, [], true); });
`;
