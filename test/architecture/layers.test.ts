import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] as string);
}

/** Which top-level folders of src/ a layer may import from, and which packages. */
const RULES: Record<string, { layers: string[]; packages: string[] }> = {
  domain: { layers: ['domain', 'indicators'], packages: ['big.js'] },
  indicators: { layers: ['indicators'], packages: [] },
  application: { layers: ['application', 'domain', 'indicators'], packages: [] },
};

function layerOf(path: string): string {
  return relative(SRC, path).split('/')[0] as string;
}

describe('dependency rule (DESIGN.md section 1)', () => {
  for (const [layer, allowed] of Object.entries(RULES)) {
    it(`${layer}/ imports only ${[...allowed.layers, ...allowed.packages].join(', ')}`, () => {
      const violations: string[] = [];
      for (const file of files(join(SRC, layer))) {
        for (const spec of imports(file)) {
          if (spec.startsWith('.')) {
            const target = layerOf(resolve(dirname(file), spec));
            if (!allowed.layers.includes(target)) violations.push(`${relative(SRC, file)} -> ${spec}`);
          } else if (!allowed.packages.includes(spec)) {
            violations.push(`${relative(SRC, file)} -> ${spec}`);
          }
        }
      }
      expect(violations).toEqual([]);
    });
  }

  it('the checker sees a violation when there is one', () => {
    const fake = join(SRC, 'domain', 'x.ts');
    expect(layerOf(resolve(dirname(fake), '../infrastructure/y.js'))).toBe('infrastructure');
    expect(imports(join(SRC, 'domain/services/order.service.ts')).length).toBeGreaterThan(3);
  });

  it('domain/ uses no clock, randomness or timers', () => {
    const offenders = files(join(SRC, 'domain'))
      .concat(files(join(SRC, 'indicators')))
      .filter((f) => /Date\.now\(|new Date\(|Math\.random\(|setTimeout\(|setInterval\(|process\./.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });
});
