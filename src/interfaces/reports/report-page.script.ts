/**
 * The script of the HTML report, run in the browser after the inlined lightweight-charts
 * bundle: it reads the JSON data block and draws one candle chart per pair (fills as markers)
 * and the equity curve. Plain ES2017, no imports; it sets body[data-rendered] when done.
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
  try {
    data.pairs.forEach(function (pair) {
      var buys = pair.markers.filter(function (m) { return m.side === 'buy'; }).length;
      var note = buys + ' buy and ' + (pair.markers.length - buys) + ' sell fills; bars of ' + Math.round(pair.barSeconds / 60) + ' min';
      var chart = chartIn(section(pair.symbol, note));
      var series = chart.addSeries(LC.CandlestickSeries, { priceFormat: { type: 'price', precision: pair.precision, minMove: Math.pow(10, -pair.precision) } });
      series.setData(pair.bars.map(function (b) { return { time: b[0], open: b[1], high: b[2], low: b[3], close: b[4] }; }));
      LC.createSeriesMarkers(series, pair.markers.map(function (m) {
        return m.side === 'buy'
          ? { time: m.time, position: 'belowBar', color: '#2e7d32', shape: 'arrowUp', text: 'B' }
          : { time: m.time, position: 'aboveBar', color: '#c62828', shape: 'arrowDown', text: 'S' };
      }));
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
