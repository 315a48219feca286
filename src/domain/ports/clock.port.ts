/** Time in UTC milliseconds: the system's in live trading, the market's in simulation. */
export interface Clock {
  now(): number;
}
