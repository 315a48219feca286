/** The dashboard's stylesheet (`/assets/dashboard.css`): a grid of cards, one column on a phone. */
export const DASHBOARD_STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; background: #f4f5f7; color: #1d1f23; }
header { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 10px 16px; background: #1d1f23; color: #fff; }
header h1 { font-size: 18px; margin: 0; }
.tag { background: #37474f; border-radius: 4px; padding: 1px 8px; text-transform: uppercase; font-size: 12px; }
.live { margin-left: auto; font-size: 12px; padding: 1px 8px; border-radius: 10px; background: #8d6e63; }
body[data-live="live"] .live { background: #2e7d32; }
body[data-live="offline"] .live { background: #c62828; }
main { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 12px; padding: 12px; max-width: 1600px; margin: 0 auto; }
.wide { grid-column: 1 / -1; }
.card { background: #fff; border-radius: 8px; padding: 12px; box-shadow: 0 1px 3px #0002; min-width: 0; }
h2 { font-size: 15px; margin: 0 0 8px; }
#pairs { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 560px), 1fr)); gap: 12px; }
.pair-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 12px; }
.pair-head .actions { margin-left: auto; }
.chart { height: 520px; position: relative; }
.chart.small { height: 260px; }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0 0; }
button, input, select { font: inherit; padding: 5px 10px; border-radius: 4px; border: 1px solid #b0b4ba; background: #fff; color: inherit; }
button { cursor: pointer; }
button:hover { background: #eef1f5; }
button.primary { background: #1565c0; border-color: #1565c0; color: #fff; }
button.danger { border-color: #c62828; color: #c62828; }
button:disabled { opacity: 0.5; cursor: default; }
input { width: 9em; }
#blocks { margin: 0; padding-left: 18px; color: #b71c1c; }
#blocks.clear { color: #2e7d32; list-style: none; padding-left: 0; }
#notice { margin: 12px 12px 0; padding: 8px 12px; border-radius: 6px; background: #e8f5e9; border: 1px solid #a5d6a7; cursor: pointer; }
#notice[data-kind="error"] { background: #ffebee; border-color: #ef9a9a; color: #b71c1c; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #eceff1; white-space: nowrap; }
th { font-weight: 600; color: #555; font-size: 12px; }
.up { color: #2e7d32; }
.down { color: #c62828; }
.muted { color: #777; }
.paused { color: #ef6c00; font-weight: 600; }
#events { margin: 0; padding-left: 0; list-style: none; max-height: 320px; overflow-y: auto; font-size: 13px; }
#events li { padding: 3px 0; border-bottom: 1px solid #eceff1; }
#events time { color: #777; margin-right: 6px; }
dialog { border: none; border-radius: 8px; box-shadow: 0 4px 24px #0005; max-width: min(420px, 92vw); }
dialog::backdrop { background: #0006; }
[hidden] { display: none !important; }
@media (max-width: 900px) {
  main { grid-template-columns: minmax(0, 1fr); padding: 8px; gap: 8px; }
  .chart { height: 360px; }
  header { padding: 8px; }
  .extra { display: none; }
}
`;
