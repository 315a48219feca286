/**
 * The dependency rule of DESIGN.md section 1, checked by `npm run lint`:
 * interfaces -> application -> domain <- infrastructure, domain -> indicators, and main.ts,
 * the composition root (with the compositions in main/ it loads lazily), may import everything
 * while nothing else imports it.
 * Type-only imports count: a type from another layer is a dependency on that layer.
 */

/** A rule that lets `layer` import only the paths matching `allowed` (a regex source). */
function onlyImports(layer, allowed, comment) {
  return {
    name: `${layer}-imports-only-its-own`,
    comment,
    severity: 'error',
    from: { path: `^src/${layer}/` },
    to: { pathNot: allowed },
  };
}

module.exports = {
  forbidden: [
    onlyImports(
      'domain',
      '^src/(domain|indicators)/|(^|/)node_modules/big\\.js/',
      'domain/ is pure and synchronous: it imports only domain/, indicators/ and big.js (exact money), no I/O.',
    ),
    onlyImports('indicators', '^src/indicators/', 'indicators/ is pure numeric code: it imports nothing else.'),
    onlyImports(
      'application',
      '^src/(application|domain|indicators)/',
      'application/ uses the domain through its ports; it imports no adapter, no interface and no package (no I/O).',
    ),
    {
      name: 'domain-model-not-to-services',
      comment:
        'Entities and values (currency-pair, order, deal, shared) and the ports are what the domain services decide with; ' +
        'they do not depend on the services. DealFactory, which builds a deal from the OrderService\'s buy, is the one exception.',
      severity: 'error',
      from: { path: '^src/domain/(currency-pair|order|deal|shared|ports)/', pathNot: '^src/domain/deal/deal\\.factory\\.ts$' },
      to: { path: '^src/domain/services/' },
    },
    {
      name: 'infrastructure-not-to-application-or-interfaces',
      comment: 'Adapters implement the domain ports; they do not reach outward into use cases, the CLI or main.ts.',
      severity: 'error',
      from: { path: '^src/infrastructure/' },
      to: { path: '^src/(application/|interfaces/|main\\.ts$|main/)' },
    },
    {
      name: 'nothing-imports-main',
      comment: 'main.ts and main/ are the composition root: they choose the adapters and wire them; nothing else depends on them.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main\\.ts$|main/)' },
      to: { path: '^src/(main\\.ts$|main/)' },
    },
    {
      name: 'no-circular',
      comment: 'An import circle ties modules so that neither can be read, tested or moved alone.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that cannot be resolved would hide a dependency from every rule above.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dependency',
      comment: 'src/ is what ships; a devDependency is not installed with it.',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
