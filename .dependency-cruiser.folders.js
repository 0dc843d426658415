/**
 * No import cycles between folders, checked on production code only (`npm run lint:layers` runs it
 * after .dependency-cruiser.js): specs may lean on test/support, which builds whole applications.
 */
const base = require('./.dependency-cruiser.js');
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycles',
      comment: 'No two folders depend on each other, directly or around a loop.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(apps|libs)/' },
      to: { circular: true },
    },
  ],
  options: { ...base.options, exclude: { path: ['(^|/)dist/', '\\.(e2e-)?spec\\.ts$', '/test-fixtures/', '^libs/domain/src/testing/', '^test/'] } },
};
