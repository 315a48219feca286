/**
 * The dashboard script's panels: the status line and what blocks trading (`GET /status`), a
 * card per pair with its pause and resume buttons (`GET /pairs`), the open deals with their
 * unrealised PnL and close buttons, the closed deals (`GET /deals`), and the recent events.
 */
export const DASHBOARD_PANELS_SCRIPT = String.raw`
function renderStatus(status) {
  state.status = status;
  byId('bot-mode').textContent = status.mode;
  byId('bot-summary').textContent = status.exchange + ' · ' + status.timeframe + ' · up ' + formatDuration(status.uptimeSeconds) + ' · ' + status.ticks + ' ticks · ' + status.openDeals + ' open deals';
  var blocks = byId('blocks');
  clear(blocks);
  var list = status.blocks || [];
  blocks.className = list.length === 0 ? 'clear' : '';
  if (list.length === 0) blocks.appendChild(make('li', '', 'Nothing blocks trading.'));
  list.forEach(function (reason) { blocks.appendChild(make('li', '', reason)); });
}

function pauseText(pause) {
  if (!pause) return '';
  return 'paused' + (pause.until ? ' until ' + formatTime(pause.until) : '') + (pause.reason ? ': ' + pause.reason : '');
}

function pairCard(symbol) {
  var id = 'pair-' + symbol.replace(/[^A-Za-z0-9]/g, '-');
  var card = byId(id);
  if (card) return card;
  card = make('section', 'card pair');
  card.id = id;
  card.setAttribute('data-pair', symbol);
  var head = make('div', 'pair-head');
  head.appendChild(make('h2', '', symbol));
  head.appendChild(make('span', 'last-price'));
  head.appendChild(make('span', 'working muted'));
  head.appendChild(make('span', 'paused'));
  var actions = make('div', 'actions');
  var pause = make('button', 'pause', 'Pause');
  pause.type = 'button';
  pause.addEventListener('click', function () { togglePair(symbol); });
  actions.appendChild(pause);
  head.appendChild(actions);
  card.appendChild(head);
  var box = make('div', 'chart');
  box.setAttribute('data-markers', '0');
  card.appendChild(box);
  byId('pairs').appendChild(card);
  pairChart(symbol, box);
  return card;
}

function renderPairs(pairs) {
  state.pairs = pairs;
  var select = byId('open-deal-pair');
  var chosen = select.value;
  clear(select);
  pairs.forEach(function (pair) {
    var card = pairCard(pair.symbol);
    card.querySelector('.last-price').textContent = pair.lastPrice === null ? 'no price yet' : formatDecimal(pair.lastPrice);
    card.querySelector('.working').textContent = pair.workingDeals + ' working / ' + pair.dealCount;
    card.querySelector('.paused').textContent = pauseText(pair.paused);
    card.querySelector('button.pause').textContent = pair.paused ? 'Resume' : 'Pause';
    var option = make('option', '', pair.symbol);
    option.value = pair.symbol;
    select.appendChild(option);
  });
  if (chosen) select.value = chosen;
  Array.prototype.forEach.call(byId('pairs').querySelectorAll('.pair'), function (card) {
    var known = pairs.some(function (p) { return p.symbol === card.getAttribute('data-pair'); });
    if (!known) { card.remove(); delete state.charts[card.getAttribute('data-pair')]; }
  });
}

function lastPriceOf(symbol) {
  var pair = state.pairs.filter(function (p) { return p.symbol === symbol; })[0];
  return pair && pair.lastPrice !== null ? formatDecimal(pair.lastPrice) : '';
}

function cell(row, value, className) { row.appendChild(make('td', className || '', value)); }

function openDealRow(deal) {
  var row = make('tr');
  row.setAttribute('data-deal', deal.id);
  row.setAttribute('data-status', deal.status);
  cell(row, shortId(deal.id), 'extra');
  cell(row, deal.pair);
  cell(row, deal.status);
  cell(row, formatTime(deal.createdAt), 'extra');
  cell(row, formatDecimal(deal.bought), 'extra');
  cell(row, formatDecimal(deal.averageBuy), 'extra');
  cell(row, lastPriceOf(deal.pair), 'extra');
  cell(row, formatDecimal(deal.unrealisedPnl), signClass(deal.unrealisedPnl));
  var actions = make('td');
  var pending = deal.status === 'pending';
  var button = make('button', pending ? 'cancel-deal' : 'close-deal danger', pending ? 'Cancel' : 'Close');
  button.type = 'button';
  button.disabled = deal.status === 'closing';
  button.addEventListener('click', function () { pending ? cancelDeal(deal) : closeDeal(deal); });
  actions.appendChild(button);
  row.appendChild(actions);
  return row;
}

function closedDealRow(deal) {
  var row = make('tr');
  row.setAttribute('data-deal', deal.id);
  row.setAttribute('data-status', deal.status);
  cell(row, shortId(deal.id));
  cell(row, deal.pair);
  cell(row, deal.status);
  cell(row, formatTime(deal.createdAt), 'extra');
  cell(row, formatTime(deal.closedAt));
  cell(row, formatDecimal(deal.pnl), signClass(deal.pnl));
  cell(row, deal.reason || '', 'extra');
  return row;
}

function renderDeals(deals) {
  state.deals = deals;
  var working = deals.filter(function (d) { return WORKING.indexOf(d.status) >= 0; });
  var finished = deals.filter(function (d) { return WORKING.indexOf(d.status) < 0; })
    .sort(function (a, b) { return (b.closedAt || b.createdAt) - (a.closedAt || a.createdAt); })
    .slice(0, 25);
  var open = byId('open-deals').tBodies[0];
  clear(open);
  working.forEach(function (d) { open.appendChild(openDealRow(d)); });
  byId('open-deals-empty').hidden = working.length > 0;
  var closed = byId('closed-deals').tBodies[0];
  clear(closed);
  finished.forEach(function (d) { closed.appendChild(closedDealRow(d)); });
  byId('closed-deals-empty').hidden = finished.length > 0;
}

/** A line per event the stream delivers, newest first; the body counts them in data-events. */
function showEvent(type, event) {
  var list = byId('events');
  var item = make('li');
  item.setAttribute('data-type', type);
  item.appendChild(make('time', '', formatTime(event.occurredAt || event.at || Date.now())));
  var words = [type];
  if (event.symbol || event.pair) words.push(event.symbol || event.pair);
  if (event.dealId) words.push('deal ' + shortId(event.dealId));
  if (event.action) words.push(event.action);
  if (event.pnl) words.push('PnL ' + formatDecimal(event.pnl));
  if (event.reason) words.push(event.reason);
  if (event.outcome) words.push(event.outcome);
  item.appendChild(document.createTextNode(words.join(' · ')));
  list.insertBefore(item, list.firstChild);
  while (list.children.length > 100) list.removeChild(list.lastChild);
  byId('events-empty').hidden = true;
  state.events += 1;
  document.body.setAttribute('data-events', String(state.events));
}
`;
