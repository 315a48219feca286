/**
 * The dashboard script's charts: per pair a lightweight-charts candle chart with an RSI and a
 * MACD pane (from `GET /candles`) and a buy/sell marker per order and bar (from the deals'
 * fills), and the equity curve. The chart box carries what the library holds as data
 * attributes (`data-candles`, `data-markers`), for a reader of the page and its browser test.
 * Chart values are floats for drawing only; every figure shown as text stays a decimal string.
 */
export const DASHBOARD_CHARTS_SCRIPT = String.raw`
function chartIn(box) {
  return LC.createChart(box, {
    autoSize: true,
    layout: { background: { color: '#ffffff' }, textColor: '#222222', panes: { separatorColor: '#e0e0e0' } },
    grid: { vertLines: { color: '#f2f2f2' }, horzLines: { color: '#f2f2f2' } },
    timeScale: { timeVisible: true, secondsVisible: false },
  });
}

/** A price format as fine as the finest of the given decimal strings (up to 10 places). */
function priceFormatOf(values) {
  var places = 2;
  values.forEach(function (v) { var dot = String(v).indexOf('.'); if (dot >= 0) places = Math.max(places, String(v).length - dot - 1); });
  places = Math.min(places, 10);
  return { type: 'price', precision: places, minMove: Math.pow(10, -places) };
}
var SMALL_FORMAT = { type: 'custom', minMove: 1e-12, formatter: function (v) { return Number(v).toPrecision(3); } };

function pairChart(symbol, box) {
  if (state.charts[symbol]) return state.charts[symbol];
  var chart = chartIn(box);
  var entry = {
    box: box,
    chart: chart,
    candles: chart.addSeries(LC.CandlestickSeries, { upColor: '#26a69a', downColor: '#ef5350', wickUpColor: '#26a69a', wickDownColor: '#ef5350', borderVisible: false }),
    rsi: chart.addSeries(LC.LineSeries, { color: '#6a1b9a', lineWidth: 1, title: 'RSI', priceFormat: { type: 'price', precision: 1, minMove: 0.1 } }, 1),
    histogram: chart.addSeries(LC.HistogramSeries, { title: 'histogram', priceFormat: SMALL_FORMAT }, 2),
    macd: chart.addSeries(LC.LineSeries, { color: '#1565c0', lineWidth: 1, title: 'MACD', priceFormat: SMALL_FORMAT }, 2),
    signal: chart.addSeries(LC.LineSeries, { color: '#ef6c00', lineWidth: 1, title: 'signal', priceFormat: SMALL_FORMAT }, 2),
    markers: null,
    openTimes: [],
    barMs: 60000,
    fitted: false,
  };
  entry.markers = LC.createSeriesMarkers(entry.candles, []);
  [30, 70].forEach(function (level) { entry.rsi.createPriceLine({ price: level, color: '#bbbbbb', lineWidth: 1, lineStyle: 2, axisLabelVisible: false }); });
  var panes = chart.panes();
  for (var i = 1; i < panes.length; i += 1) panes[i].setStretchFactor(0.45);
  state.charts[symbol] = entry;
  return entry;
}

function seconds(ms) { return Math.floor(ms / 1000); }
function linePoints(rows, column, color) {
  return rows.map(function (row) {
    var value = row[column];
    if (value === null || value === undefined) return { time: seconds(row[0]) };
    var point = { time: seconds(row[0]), value: Number(value) };
    if (color) point.color = Number(value) >= 0 ? '#81c784' : '#e57373';
    return point;
  });
}

/** Draws the answer of GET /candles?pair= on the pair's chart, keeping the operator's zoom after the first draw. */
function drawCandles(entry, answer) {
  var candles = answer.candles;
  entry.openTimes = candles.map(function (c) { return c.openTime; });
  if (candles.length > 1) entry.barMs = candles[candles.length - 1].openTime - candles[candles.length - 2].openTime;
  entry.candles.applyOptions({ priceFormat: priceFormatOf(candles.slice(-50).map(function (c) { return c.close; })) });
  entry.candles.setData(candles.map(function (c) {
    return { time: seconds(c.openTime), open: Number(c.open), high: Number(c.high), low: Number(c.low), close: Number(c.close) };
  }));
  var indicators = answer.indicators || {};
  var macd = indicators.macd || [];
  entry.rsi.setData(linePoints(indicators.rsi || [], 1));
  entry.macd.setData(linePoints(macd, 1));
  entry.signal.setData(linePoints(macd, 2));
  entry.histogram.setData(linePoints(macd, 3, true));
  entry.box.setAttribute('data-candles', String(candles.length));
  if (!entry.fitted && candles.length > 0) {
    entry.chart.timeScale().fitContent();
    entry.fitted = true;
  }
  drawMarkers(answer.pair);
}

/** The open time of the bar a moment falls in, or null when no drawn bar holds it. */
function barOf(entry, at) {
  var times = entry.openTimes;
  if (times.length === 0 || at < times[0] || at >= times[times.length - 1] + entry.barMs) return null;
  var low = 0;
  var high = times.length - 1;
  while (low < high) {
    var middle = Math.ceil((low + high) / 2);
    if (times[middle] <= at) low = middle; else high = middle - 1;
  }
  return times[low];
}

/** One marker per order and bar: B under the bar for buys, S over it for sells. */
function drawMarkers(symbol) {
  var entry = state.charts[symbol];
  if (!entry) return;
  var seen = {};
  var markers = [];
  Object.keys(state.details).forEach(function (id) {
    var deal = state.details[id];
    if (deal.pair !== symbol) return;
    (deal.orders || []).forEach(function (order) {
      (order.fills || []).forEach(function (fill) {
        var bar = barOf(entry, fill.at);
        var key = order.clientOrderId + '@' + bar;
        if (bar === null || seen[key]) return;
        seen[key] = true;
        var buy = order.side === 'buy';
        markers.push({
          time: seconds(bar),
          position: buy ? 'belowBar' : 'aboveBar',
          color: buy ? '#2e7d32' : '#c62828',
          shape: buy ? 'arrowUp' : 'arrowDown',
          text: (buy ? 'B ' : 'S ') + formatDecimal(fill.price),
        });
      });
    });
  });
  markers.sort(function (a, b) { return a.time - b.time; });
  entry.markers.setMarkers(markers);
  entry.box.setAttribute('data-markers', String(entry.markers.markers().length));
}

var equityChart = null;
function drawEquity(answer) {
  if (!equityChart) {
    var chart = chartIn(byId('equity-chart'));
    equityChart = { chart: chart, line: chart.addSeries(LC.LineSeries, { color: '#1565c0', lineWidth: 2 }), fitted: false };
  }
  byId('equity-quote').textContent = answer.quote ? '(' + answer.quote + ')' : '';
  var points = [];
  answer.points.forEach(function (p) {
    var point = { time: seconds(p[0]), value: Number(p[1]) };
    // several samples in one second: the chart takes one point per time, the last
    if (points.length > 0 && points[points.length - 1].time === point.time) points[points.length - 1] = point;
    else points.push(point);
  });
  // six significant digits of the largest value: 2 places for 100000 USDT, 7 for 0.5 BTC
  var largest = points.reduce(function (max, p) { return Math.max(max, Math.abs(p.value)); }, 0);
  var places = largest > 0 ? Math.min(8, Math.max(2, 5 - Math.floor(Math.log10(largest)))) : 2;
  equityChart.line.applyOptions({ priceFormat: { type: 'price', precision: places, minMove: Math.pow(10, -places) } });
  equityChart.line.setData(points);
  byId('equity-chart').setAttribute('data-points', String(points.length));
  if (!equityChart.fitted && points.length > 0) {
    equityChart.chart.timeScale().fitContent();
    equityChart.fitted = true;
  }
}
`;
