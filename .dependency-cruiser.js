/**
 * The layering rules, checked by `npm run lint:layers` (part of `npm test`, so CI runs them).
 * See the README's "Layout" section for what each folder owns.
 */
const APP = '^apps/runner-registry/src/';
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain holds the rules as plain TypeScript: no Nest, no app code.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: ['@nestjs', '^apps/'] },
    },
    {
      name: 'domain-stands-alone',
      comment: 'Outside its specs (which may run the rules through a real store), the domain uses no other library of ours.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$' },
      to: { path: '^libs/(?!domain/)' },
    },
    {
      name: 'libs-never-import-apps',
      comment: 'Shared mechanics live in libs/; they must not depend on an application.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'use-case-folders-are-independent',
      comment:
        'A use case folder (apps/runner-registry/src/<area>/<use-case>/) holds its entry points, command, handler, params and specs. ' +
        'It may send another use case its command (a *.command.ts is that use case\'s public message), and use the kernel; nothing else of another folder.',
      severity: 'error',
      from: { path: `${APP}(?!kernel/)([^/]+)/([^/]+)/` },
      to: { path: `${APP}[^/]+/[^/]+/`, pathNot: [`${APP}$1/$2/`, `${APP}kernel/`, '\\.command\\.ts$'] },
    },
    {
      name: 'kernel-knows-no-use-case',
      comment: 'The kernel (core module, store, query models) is what the use cases stand on, never the other way round.',
      severity: 'error',
      from: { path: `${APP}kernel/` },
      to: { path: APP, pathNot: `${APP}kernel/` },
    },
    {
      name: 'use-cases-do-not-reach-up',
      comment: 'Only the composition root (app.module, boot-sequence) and area modules assemble use cases; use cases never import them.',
      severity: 'error',
      from: { path: `${APP}[^/]+/[^/]+/` },
      to: { path: [`${APP}[^/]+\\.ts$`, `${APP}[^/]+/[^/]+\\.module\\.ts$`] },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles between folders or files.',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
