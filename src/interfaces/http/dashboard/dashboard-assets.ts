import { chartLibrarySource } from '../../reports/chart-library.js';
import { DASHBOARD_CHARTS_SCRIPT } from './dashboard-charts.script.js';
import { DASHBOARD_CORE_SCRIPT } from './dashboard-core.script.js';
import { DASHBOARD_LIVE_SCRIPT } from './dashboard-live.script.js';
import { DASHBOARD_PANELS_SCRIPT } from './dashboard-panels.script.js';
import { DASHBOARD_STYLE } from './dashboard.style.js';

/** A static file the dashboard serves under `/assets/`. */
export interface DashboardAsset {
  readonly contentType: string;
  readonly body: () => string;
}

/** The script's parts in one function scope, in the order they depend on each other. */
export const DASHBOARD_SCRIPT = `(function () {\n'use strict';\n${[DASHBOARD_CORE_SCRIPT, DASHBOARD_CHARTS_SCRIPT, DASHBOARD_PANELS_SCRIPT, DASHBOARD_LIVE_SCRIPT].join('\n')}\n})();\n`;

export const DASHBOARD_ASSETS: Readonly<Record<string, DashboardAsset>> = {
  'dashboard.js': { contentType: 'text/javascript; charset=utf-8', body: () => DASHBOARD_SCRIPT },
  'dashboard.css': { contentType: 'text/css; charset=utf-8', body: () => DASHBOARD_STYLE },
  'lightweight-charts.js': { contentType: 'text/javascript; charset=utf-8', body: chartLibrarySource },
};
