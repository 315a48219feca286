/**
 * The script of the HTML report, run in the browser after the inlined lightweight-charts
 * bundle: it reads the JSON data block and draws one candle chart per pair (fills as markers,
 * DCA safety buys marked D, DCA deals' average price and take profit as step lines),
 * with a pane under the candles per RSI and per MACD (line, signal, histogram) the strategy
 * reads, and the equity curve. Plain ES2017, no imports; it sets body[data-rendered] when done.
 */
export const REPORT_PAGE_SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var LC = window.LightweightCharts;
  function chartIn(element) {
    return LC.createChart(element, {
      autoSize: true,
      layout: { background: { color: '#ffffff' }, textColor: '#222222' },
      grid: { vertLines: { color: '#f0f0f0' }, horzLines: { color: '#f0f0f0' } },
      timeScale: { timeVisible: true, secondsVisible: false, minBarSpacing: 0.001 },
    });
  }
  function section(title, note) {
    var box = document.createElement('section');
    var heading = document.createElement('h2');
    heading.textContent = title;
    box.appendChild(heading);
    if (note) {
      var p = document.createElement('p');
      p.className = 'note';
      p.textContent = note;
      box.appendChild(p);
    }
    var chart = document.createElement('div');
    chart.className = 'chart';
    box.appendChild(chart);
    document.getElementById('charts').appendChild(box);
    return chart;
  }
  /** Bar values (null before the indicator has one) as series points; a null is a gap. */
  function points(bars, values, color) {
    return values.map(function (v, i) {
      if (v === null) return { time: bars[i][0] };
      return color ? { time: bars[i][0], value: v, color: color(v) } : { time: bars[i][0], value: v };
    });
  }
  function indicatorPanes(chart, pair) {
    var pane = 0;
    pair.indicators.rsi.forEach(function (r) {
      pane += 1;
      var line = chart.addSeries(LC.LineSeries, { color: '#6a1b9a', lineWidth: 1, title: 'RSI ' + r.period, priceFormat: { type: 'price', precision: 2, minMove: 0.01 } }, pane);
      line.setData(points(pair.bars, r.values));
      [30, 70].forEach(function (level) { line.createPriceLine({ price: level, color: '#bbbbbb', lineWidth: 1, lineStyle: 2, axisLabelVisible: false }); });
    });
    pair.indicators.macd.forEach(function (m) {
      pane += 1;
      // MACD of a 5e-5 BTC pair is about 1e-8: labels in 3 significant digits, whatever the scale
      var largest = m.line.concat(m.signal, m.histogram).reduce(function (max, v) { return v === null ? max : Math.max(max, Math.abs(v)); }, 0);
      var small = { type: 'custom', minMove: largest > 0 ? Math.pow(10, Math.floor(Math.log10(largest)) - 4) : 0.01, formatter: function (v) { return v.toPrecision(3); } };
      var histogram = chart.addSeries(LC.HistogramSeries, { title: 'histogram', priceFormat: small }, pane);
      histogram.setData(points(pair.bars, m.histogram, function (v) { return v >= 0 ? '#81c784' : '#e57373'; }));
      chart.addSeries(LC.LineSeries, { color: '#1565c0', lineWidth: 1, title: 'MACD ' + m.periods.join(','), priceFormat: small }, pane).setData(points(pair.bars, m.line));
      chart.addSeries(LC.LineSeries, { color: '#ef6c00', lineWidth: 1, title: 'signal', priceFormat: small }, pane).setData(points(pair.bars, m.signal));
    });
    var panes = chart.panes();
    for (var i = 1; i < panes.length; i += 1) panes[i].setStretchFactor(0.35);
  }
  try {
    data.pairs.forEach(function (pair) {
      var safety = pair.markers.filter(function (m) { return m.safety; }).length;
      var buys = pair.markers.filter(function (m) { return m.side === 'buy'; }).length - safety;
      var sells = pair.markers.length - buys - safety;
      var note = buys + ' buy and ' + sells + ' sell fills' + (safety > 0 ? ', ' + safety + ' safety buys' : '') + '; bars of ' + Math.round(pair.barSeconds / 60) + ' min';
      var box = section(pair.symbol, note);
      var extra = pair.indicators.rsi.length + pair.indicators.macd.length;
      if (extra > 0) box.style.height = (420 + 160 * extra) + 'px';
      var chart = chartIn(box);
      var series = chart.addSeries(LC.CandlestickSeries, { priceFormat: { type: 'price', precision: pair.precision, minMove: Math.pow(10, -pair.precision) } });
      series.setData(pair.bars.map(function (b) { return { time: b[0], open: b[1], high: b[2], low: b[3], close: b[4] }; }));
      LC.createSeriesMarkers(series, pair.markers.map(function (m) {
        if (m.safety) return { time: m.time, position: 'belowBar', color: '#00838f', shape: 'arrowUp', text: 'D' };
        return m.side === 'buy'
          ? { time: m.time, position: 'belowBar', color: '#2e7d32', shape: 'arrowUp', text: 'B' }
          : { time: m.time, position: 'aboveBar', color: '#c62828', shape: 'arrowDown', text: 'S' };
      }));
      var format = { type: 'price', precision: pair.precision, minMove: Math.pow(10, -pair.precision) };
      pair.dca.forEach(function (lane, i) {
        var title = i === 0 ? { average: 'average', takeProfit: 'take profit' } : { average: '', takeProfit: '' };
        [['average', '#00838f'], ['takeProfit', '#c62828']].forEach(function (kind) {
          var line = chart.addSeries(LC.LineSeries, { color: kind[1], lineWidth: 1, lineStyle: 2, lineType: 1, title: title[kind[0]], priceFormat: format, lastValueVisible: false, priceLineVisible: false });
          line.setData(lane[kind[0]].map(function (p) { return p[1] === null ? { time: p[0] } : { time: p[0], value: p[1] }; }));
        });
      });

      indicatorPanes(chart, pair);
      // what the library drew, for a reader of the page (and its browser test)
      box.setAttribute('data-panes', String(chart.panes().length));
      box.setAttribute('data-dca-lines', String(2 * pair.dca.length));
      chart.timeScale().fitContent();
    });
    var equity = chartIn(section('Equity (' + data.quote + ')', ''));
    var line = equity.addSeries(LC.LineSeries, { color: '#1565c0', lineWidth: 2, priceFormat: { type: 'price', precision: data.equityPrecision, minMove: Math.pow(10, -data.equityPrecision) } });
    line.setData(data.equity.map(function (p) { return { time: p[0], value: p[1] }; }));
    equity.timeScale().fitContent();
    document.body.setAttribute('data-rendered', 'true');
  } catch (error) {
    var message = document.createElement('pre');
    message.textContent = 'The charts could not be drawn: ' + error;
    document.getElementById('charts').appendChild(message);
    document.body.setAttribute('data-rendered', 'failed');
  }
})();
`;
