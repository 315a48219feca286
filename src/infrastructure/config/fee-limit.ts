/**
 * A fee of half the amount or more is a typo (2 for 0.2%?): it would turn every trade into a loss.
 * In a file of its own, so the CLI's `--fee` parser reads it without loading the config's limits.
 */
export const MAX_FEE_RATE = '0.5';
