import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../src/indicators');
const sources = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
const specifier = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

describe('src/indicators is pure numeric code', () => {
  it('has source files', () => {
    expect(sources).toContain('index.ts');
  });

  it.each(sources)('%s imports only from src/indicators', (file) => {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, target] of text.matchAll(specifier)) {
      expect(target, `${file} imports ${target}`).toMatch(/^\.\.?\//);
      expect(resolve(dirname(join(root, file)), target!).startsWith(root), `${file} imports ${target}`).toBe(true);
    }
    expect(text).not.toMatch(/\bprocess\.|\brequire\(/);
  });
});
