/**
 * The dashboard script's first part: the page's state, calls to the API (reads with the
 * session cookie; actions also with `X-Dealbot-Request: 1` and a fresh `Idempotency-Key`),
 * the confirmation dialog, the notice line and formatting. Plain ES2017 sharing one scope with
 * the other parts (see dashboard-assets.ts); decimals stay the API's strings.
 */
export const DASHBOARD_CORE_SCRIPT = String.raw`
var API = '/api/v1';
var LC = window.LightweightCharts;
var WORKING = ['pending', 'open', 'closing'];
var state = { status: null, pairs: [], deals: [], details: {}, charts: {}, events: 0, signedOut: false };

function byId(id) { return document.getElementById(id); }
function make(tag, className, content) {
  var node = document.createElement(tag);
  if (className) node.className = className;
  if (content !== undefined && content !== null) node.textContent = String(content);
  return node;
}
function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

function randomKey() {
  var bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? '0' : '') + b.toString(16); }).join('');
}

/** The API's error as one line: its message and, for a 400, each field's complaint. */
function errorText(body, status) {
  if (!body || typeof body.message !== 'string') return 'The bot answered ' + status + '.';
  var text = body.message;
  var details = (Array.isArray(body.details) ? body.details : []).filter(function (d) { return text.indexOf(d.message) < 0; });
  if (details.length > 0) text += ': ' + details.map(function (d) { return (d.field ? d.field + ' ' : '') + d.message; }).join('; ');
  return text;
}

async function answerOf(response) {
  var raw = await response.text();
  var body = null;
  try { body = raw ? JSON.parse(raw) : null; } catch (ignored) { body = null; }
  if (response.status === 401) signedOut();
  if (!response.ok) {
    var error = new Error(errorText(body, response.status));
    error.status = response.status;
    throw error;
  }
  return body;
}

function getJson(path) {
  return fetch(API + path, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(answerOf);
}

function send(method, path, body) {
  return fetch(API + path, {
    method: method,
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'content-type': 'application/json', 'x-dealbot-request': '1', 'idempotency-key': randomKey() },
    body: JSON.stringify(body || {}),
  }).then(answerOf);
}

function signedOut() {
  if (state.signedOut) return;
  state.signedOut = true;
  notify('The session has ended: reload the page to sign in again.', 'error');
}

var noticeTimer = null;
function notify(message, kind) {
  var notice = byId('notice');
  notice.textContent = message;
  notice.setAttribute('data-kind', kind);
  notice.hidden = false;
  if (noticeTimer) clearTimeout(noticeTimer);
  noticeTimer = kind === 'error' ? null : setTimeout(function () { notice.hidden = true; }, 8000);
}

/** Resolves true when the operator confirms in the page's dialog. */
function confirmAction(message) {
  var dialog = byId('confirm');
  byId('confirm-text').textContent = message;
  dialog.returnValue = '';
  return new Promise(function (resolve) {
    dialog.addEventListener('close', function closed() {
      dialog.removeEventListener('close', closed);
      resolve(dialog.returnValue === 'ok');
    });
    dialog.showModal();
  });
}

/** Asks, calls the API, tells what happened (or the API's reason for refusing) and refreshes. */
async function act(question, method, path, body, describe) {
  if (!(await confirmAction(question))) return false;
  try {
    var answer = await send(method, path, body);
    notify(describe(answer), 'ok');
    scheduleRefresh(['status', 'pairs', 'deals']);
    return true;
  } catch (error) {
    notify(error.message, 'error');
    return false;
  }
}

function pad(n) { return (n < 10 ? '0' : '') + n; }
function formatTime(ms) {
  if (ms === null || ms === undefined) return '';
  var d = new Date(ms);
  return d.getUTCFullYear() + '-' + pad(d.getUTCMonth() + 1) + '-' + pad(d.getUTCDate()) + ' ' + pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
}
/** A decimal string without trailing zeros; the value itself is never turned into a float. */
function formatDecimal(value) {
  if (value === null || value === undefined) return '';
  var text = String(value);
  return text.indexOf('.') < 0 ? text : text.replace(/0+$/, '').replace(/\.$/, '');
}
function signClass(value) {
  var text = formatDecimal(value);
  if (text === '' || text === '0') return '';
  return text.charAt(0) === '-' ? 'down' : 'up';
}
/** A long id by its ends (ids made at the same moment share their start). */
function shortId(id) {
  var text = String(id);
  return text.length > 16 ? text.slice(0, 6) + '…' + text.slice(-6) : text;
}
function formatDuration(seconds) {
  var s = Math.floor(seconds || 0);
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor((s % 86400) / 3600) + 'h';
}
`;
