import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/domain/shared/domain-error.js';
import { ConfigError } from '../../../src/infrastructure/config/config.loader.js';
import { DatabaseOpenError } from '../../../src/infrastructure/persistence/sql/index.js';
import { commanderLine, debugWanted, errorReport, OutputFileError, UsageError } from '../../../src/interfaces/cli/cli-errors.js';

describe('error reports', () => {
  it('a user error is its message on one line, without a stack', () => {
    for (const error of [new ConfigError('c.yaml: mode: bad'), new ValidationError('pairs[0].symbol', 'bad'), new DatabaseOpenError('MISSING', 'x.db\ndoes not exist'), new UsageError('--from after --to'), new OutputFileError('cannot write r.html')]) {
      const report = errorReport(error, false);
      expect(report.split('\n')).toHaveLength(2);
      expect(report.endsWith('\n')).toBe(true);
      expect(report).not.toMatch(/^ {4}at /m);
      expect(report).not.toContain('--debug');
    }
    expect(errorReport(new DatabaseOpenError('MISSING', 'x.db\ndoes not exist'), false)).toBe('dealbot: x.db does not exist\n');
  });

  it('anything else is its name and message, and a pointer to --debug, on one line', () => {
    const report = errorReport(new TypeError('cannot read properties of undefined\n(reading "x")'), false);
    expect(report).toBe('dealbot: TypeError: cannot read properties of undefined (reading "x") (run with --debug for details)\n');
    expect(errorReport('a string thrown', false)).toBe('dealbot: a string thrown (run with --debug for details)\n');
  });

  it('with --debug, the stack trace follows', () => {
    const report = errorReport(new ConfigError('c.yaml: bad'), true);
    expect(report.split('\n')[0]).toBe('dealbot: c.yaml: bad');
    expect(report).toMatch(/^ {4}at /m);
    expect(errorReport(new Error('boom'), true)).toMatch(/^dealbot: Error: boom\nError: boom\n {4}at /);
  });

  it('debug from the command line or the environment', () => {
    expect(debugWanted(['node', 'main', 'run', '--debug'], {})).toBe(true);
    expect(debugWanted(['node', 'main', 'run'], { DEALBOT_DEBUG: '1' })).toBe(true);
    expect(debugWanted(['node', 'main', 'run'], { DEALBOT_DEBUG: '0' })).toBe(false);
  });

  it("commander's two-line complaints become one", () => {
    expect(commanderLine("error: unknown command 'rn'\n(Did you mean run?)\n")).toBe("dealbot: unknown command 'rn' (Did you mean run?)\n");
  });
});
