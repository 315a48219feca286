/** The bot of a config without `bots:`, and of pairs and deals that name none. */
export const DEFAULT_BOT = 'default';

/** A bot's name: lower-case letters, digits and dashes, at most 32 characters. */
export const BOT_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
