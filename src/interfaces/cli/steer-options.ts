import type { ApiOptions } from './api-target.js';

/** The parsed options of the commands that steer a running bot, shared by their registration and their actions. */

export interface ApiCommandOptions extends ApiOptions {
  readonly json?: boolean;
  /** --idempotency-key of an acting command. */
  readonly idempotencyKey?: string;
}

export interface DealsListOptions extends ApiCommandOptions {
  readonly database?: string;
  readonly status?: string;
  readonly pair?: string;
  readonly bot?: string;
}

export type TradingCommand = 'open-deal' | 'close-all' | 'panic-sell' | 'pause' | 'resume';

export interface TradingOptions extends ApiCommandOptions {
  readonly pair?: string;
  readonly price?: string;
  readonly for?: string;
  readonly reason?: string;
  readonly cooldown?: number;
}

export type PairsCommand = 'add' | 'update' | 'remove';

export interface PairsOptions extends ApiCommandOptions {
  readonly database?: string;
  readonly dealQuota?: string;
  readonly profitMarkup?: string;
  readonly dealCount?: number;
  readonly orderLifetime?: number;
  readonly dealCooldown?: number;
}

export interface AccountOptions extends ApiCommandOptions {
  readonly database?: string;
}
