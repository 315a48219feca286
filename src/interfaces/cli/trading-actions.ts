import type { ApiBody } from './api-client.js';
import { connect, output } from './api-command.js';
import { dealsTable, pauseText, type DealView, type Pause } from './api-views.js';
import type { CliDeps } from './session.js';
import type { TradingCommand, TradingOptions } from './steer-options.js';

const scope = (pair: string | undefined): string => pair ?? 'all pairs';

/** One trading command as one call of the bot's API (docs/api.md, `/trading/...`), its answer printed. */
export async function tradingAction(deps: CliDeps, command: TradingCommand, options: TradingOptions): Promise<void> {
  const client = await connect(deps, options);
  const body = (fields: ApiBody): ApiBody => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  switch (command) {
    case 'open-deal': {
      const answer = await client.post<{ deal: DealView }>('/trading/open_deal', body({ pair: options.pair, price: options.price }));
      output(options, answer, () => `opened deal ${answer.deal.id} on ${answer.deal.pair}:\n${dealsTable([answer.deal])}`);
      return;
    }
    case 'close-all': {
      const answer = await client.post<{ deals: DealView[] }>('/trading/close_all', body({ pair: options.pair }));
      output(options, answer, () => (answer.deals.length === 0 ? `no working deals to close on ${scope(options.pair)}` : `closing ${answer.deals.length} deals on ${scope(options.pair)}:\n${dealsTable(answer.deals)}`));
      return;
    }
    case 'panic-sell': {
      const answer = await client.post<{ deals: DealView[]; pausedUntil: number | null }>('/trading/panic_sell', body({ pair: options.pair, cooldownMinutes: options.cooldown }));
      const paused = `buying paused on ${scope(options.pair)} ${pauseText({ pair: options.pair ?? null, until: answer.pausedUntil, reason: null })}`;
      output(options, answer, () => `${answer.deals.length === 0 ? 'no working deals to sell' : `selling ${answer.deals.length} deals:\n${dealsTable(answer.deals)}`}\n${paused}`);
      return;
    }
    case 'pause': {
      const answer = await client.post<{ pause: Pause }>('/trading/pause', body({ pair: options.pair, for: options.for, reason: options.reason }));
      output(options, answer, () => `paused ${scope(answer.pause.pair ?? undefined)} ${pauseText(answer.pause)}; working deals go on`);
      return;
    }
    case 'resume': {
      const answer = await client.post<{ resumed: boolean }>('/trading/resume', body({ pair: options.pair }));
      output(options, answer, () => (answer.resumed ? `resumed ${scope(options.pair)}` : `${scope(options.pair)} was not paused`));
      return;
    }
  }
}
