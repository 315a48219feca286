/** The options of `dealbot events tail` and `dealbot events replay`, as commander parses them. */

export const TAIL_SOURCES = ['outbox', 'rabbitmq', 'nats'] as const;
export type TailSource = (typeof TAIL_SOURCES)[number];

export interface EventsTailOptions {
  readonly config?: string;
  readonly database?: string;
  readonly type?: readonly string[];
  readonly from: TailSource;
  readonly since?: number;
  readonly limit?: number;
  readonly follow?: boolean;
  readonly json?: boolean;
}

export interface EventsReplayOptions {
  readonly config?: string;
  readonly database?: string;
  readonly since: number;
  readonly until?: number;
  readonly to: string;
  readonly type?: readonly string[];
  readonly dryRun?: boolean;
}
