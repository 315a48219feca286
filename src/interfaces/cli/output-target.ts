import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fsCause } from '../../infrastructure/shared/fs-error.js';
import { OutputFileError } from './cli-errors.js';

/**
 * Checks, before any work, that a report can be written where the command line says: a file
 * (`--html`) in an existing folder, or a folder (`--export`) that exists or whose parent does.
 * Missing parent folders are not made: a typo should not grow a tree of folders.
 */
export function checkOutputTarget(path: string, kind: 'file' | 'folder'): void {
  const target = resolve(path);
  const existing = statOrNull(target, path);
  if (existing !== null) {
    if (kind === 'file' && existing.isDirectory()) throw new OutputFileError(`cannot write ${path}: it is a folder`);
    if (kind === 'folder' && !existing.isDirectory()) throw new OutputFileError(`cannot write ${path}: it is a file, not a folder`);
    writable(existing.isDirectory() ? target : target, path);
    return;
  }
  const parent = dirname(target);
  const folder = statOrNull(parent, path);
  if (folder === null) throw new OutputFileError(`cannot write ${path}: the folder ${parent} does not exist`);
  if (!folder.isDirectory()) throw new OutputFileError(`cannot write ${path}: ${parent} is not a folder`);
  writable(parent, path);
}

/** A write that failed anyway (the disk filled up meanwhile, ...), as one line naming the path. */
export async function writingTo<T>(path: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw new OutputFileError(`cannot write ${path}: ${fsCause(error)}`);
  }
}

function statOrNull(path: string, named: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OutputFileError(`cannot write ${named}: ${fsCause(error)}`);
  }
}

function writable(path: string, named: string): void {
  try {
    accessSync(path, constants.W_OK);
  } catch (error) {
    throw new OutputFileError(`cannot write ${named}: ${fsCause(error)}`);
  }
}
