import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputFileError } from '../../../src/interfaces/cli/cli-errors.js';
import { checkOutputTarget, writingTo } from '../../../src/interfaces/cli/output-target.js';

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OutputFileError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('report targets checked before a backtest', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealbot-out-'));
  writeFileSync(join(dir, 'afile'), 'x');
  mkdirSync(join(dir, 'adir'));

  it('accepts a new file or folder in an existing folder, and existing ones', () => {
    checkOutputTarget(join(dir, 'r.html'), 'file');
    checkOutputTarget(join(dir, 'afile'), 'file');
    checkOutputTarget(join(dir, 'out'), 'folder');
    checkOutputTarget(join(dir, 'adir'), 'folder');
    expect(readdirSync(dir).sort()).toEqual(['adir', 'afile']);
  });

  it('refuses a missing parent folder (not made), a folder for a file, a file for a folder', () => {
    expect(refusal(() => checkOutputTarget(join(dir, 'no/such/r.html'), 'file'))).toBe(`cannot write ${join(dir, 'no/such/r.html')}: the folder ${join(dir, 'no/such')} does not exist`);
    expect(refusal(() => checkOutputTarget(join(dir, 'adir'), 'file'))).toBe(`cannot write ${join(dir, 'adir')}: it is a folder`);
    expect(refusal(() => checkOutputTarget(join(dir, 'afile'), 'folder'))).toBe(`cannot write ${join(dir, 'afile')}: it is a file, not a folder`);
    expect(refusal(() => checkOutputTarget(join(dir, 'afile/r.html'), 'file'))).toBe(`cannot write ${join(dir, 'afile/r.html')}: a part of the path is not a folder (ENOTDIR)`);
    expect(readdirSync(dir).sort()).toEqual(['adir', 'afile']);
  });

  it('a write that fails anyway names the path and the cause', async () => {
    const failing = writingTo('r.html', async () => {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(join(dir, 'adir'), 'x');
    });
    await expect(failing).rejects.toThrow(new OutputFileError('cannot write r.html: it is a folder (EISDIR)'));
  });
});
