/**
 * A configuration that must not be used: one line naming the file, the field and the rule.
 * In a file of its own so that recognising it loads neither zod nor yaml.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
