// The layering of DESIGN.md as an allow-list (VS Code's code-layering habit): every folder
// names what it MAY import; anything else is an error, as is a file in a folder no rule
// declares, and any import cycle. Run by `npm run lint` (and so by `npm test`).
const FEATURES = 'slo|alerts|backups|capacity|incidents|metrics';
const NODE = { dependencyTypes: ['core'] };

/** An allowed rule: files under `from` may import `to` (a path regex or npm packages). */
const may = (comment, from, to) => ({ comment, from: { path: from }, to });
// Test-time code: tests, their fixtures, and benchmarks (which set up the same estates as the tests).
const TEST = '\\.test\\.tsx?$|/fixtures/|^bench/';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import cycles make a layer impossible to understand alone.', from: {}, to: { circular: true } },
    {
      name: 'undeclared-folder',
      severity: 'error',
      comment: 'Every source file lives in a folder the allow-list below declares; add a rule before adding a folder.',
      from: {
        path: '^src/',
        pathNot: `^src/(shared/(contract|lib)/|shared/[^/]+\\.ts$|main/(domain/(${FEATURES}|time|cloudwatch|tsdb)/|domain/[^/]+\\.ts$|(${FEATURES})/|api/|store/|config/|sources/|sync/|workers/|[^/]+\\.ts$)|preload/|renderer/|sim/)`,
      },
      to: {},
    },
    {
      name: 'tests-only-fixtures',
      severity: 'error',
      comment: 'Production code never imports a test or a fixture.',
      from: { pathNot: TEST },
      to: { path: TEST },
    },
    // Inside the renderer (README, "Renderer layout"): features stand alone; lib, data and common sit below them.
    {
      name: 'renderer-feature-isolation',
      severity: 'error',
      comment: 'A feature never imports another feature or the shell; shared bits go to components/common or lib.',
      from: { path: '^src/renderer/src/features/([^/]+)/', pathNot: TEST },
      to: { path: '^src/renderer/src/(features/|app/)', pathNot: '^src/renderer/src/features/$1/' },
    },
    {
      name: 'renderer-lower-layers',
      severity: 'error',
      comment: 'lib imports nothing of the renderer, data only lib, components/common only lib and data.',
      from: { path: '^src/renderer/src/(lib|data|components/common)/', pathNot: TEST },
      to: { path: '^src/renderer/src/(app|features|test)/' },
    },
    {
      name: 'renderer-lib-alone',
      severity: 'error',
      comment: 'lib is the bottom of the renderer: format, time, prefs, shortcuts.',
      from: { path: '^src/renderer/src/lib/', pathNot: TEST },
      to: { path: '^src/renderer/src/(data|components)/' },
    },
    {
      name: 'renderer-data-below-components',
      severity: 'error',
      comment: 'data (transport, query keys, invalidation) never imports components.',
      from: { path: '^src/renderer/src/data/', pathNot: TEST },
      to: { path: '^src/renderer/src/components/' },
    },
  ],
  allowed: [
    // Tests may use the simulator, test libraries and anything of their own layer's neighbours.
    may('tests: the simulator is the fixture; test libraries', TEST, { path: '^src/|^node_modules/' }),
    may('tests: Node built-ins', TEST, NODE),
    may('e2e and benchmarks drive the built app, the simulator and the browser', '^(e2e|bench)/', { path: '^(src|e2e|bench|scripts)/|^node_modules/' }),
    may('e2e and benchmarks: Node built-ins', '^(e2e|bench|scripts)/', NODE),
    may('scripts: build and start helpers', '^scripts/', { path: '^scripts/|^node_modules/' }),

    may('shared/contract: schemas and method specs — zod, other contract files, and shared/lib to validate with', '^src/shared/contract/', { path: '^src/shared/(contract|lib)/|^node_modules/zod/' }),
    may('shared/lib: pure code both sides use (below the contract)', '^src/shared/lib/', { path: '^src/shared/lib/|^node_modules/(zod|luxon|re2js)/' }),
    may('shared/*.ts: the API merge point, errors, IPC names', '^src/shared/[^/]+\\.ts$', { path: '^src/shared/|^node_modules/zod/' }),

    may('domain: pure maths — shared, zod, luxon, re2js, other domain files; no SQL, SDK, clock or Node', '^src/main/domain/', {
      path: '^src/main/domain/|^src/shared/|^node_modules/(zod|luxon|re2js)/',
    }),
    may('store: all SQL — SQLite, the domain types it stores, the contract', '^src/main/store/', { path: '^src/main/(store|domain)/|^src/shared/|^node_modules/(better-sqlite3|zod)/' }),
    may('store: Node built-ins', '^src/main/store/', NODE),
    may('config: definition files with positions — YAML, the domain model they produce', '^src/main/config/', {
      path: '^src/main/(config|domain)/|^src/shared/|^node_modules/(yaml|zod|luxon|re2js|@smithy/shared-ini-file-loader)/',
    }),
    may('config: Node built-ins', '^src/main/config/', NODE),
    may('sources/aws: the SDK clients and request planning', '^src/main/sources/aws/', {
      path: '^src/main/(sources/aws|domain)/|^src/shared/|^node_modules/(@aws-sdk|@smithy)/',
    }),
    may('sources/aws: Node built-ins', '^src/main/sources/aws/', NODE),
    may('sources/demo: the embedded simulator, run in a supervised child process', '^src/main/sources/demo\\.ts$', { path: '^src/sim/server\\.ts$|^src/main/workers/(supervisor|rpc|child)\\.ts$' }),
    may('sync: fetch through sources, write through the store', '^src/main/sync/', {
      path: '^src/main/(sync|sources/aws|store|domain|config|workers/(supervisor|rpc))|^src/shared/|^node_modules/(@aws-sdk|@smithy|zod)/',
    }),
    may('sync: Node built-ins', '^src/main/sync/', NODE),
    may(`services (${FEATURES}): read the store, call the domain and config; a feature may use another's service; the start-up trace`, `^src/main/(${FEATURES})/`, {
      path: `^src/main/((${FEATURES})|store|domain|config|workers/(supervisor|rpc|trace)\\.ts$|api/(context|dispatch|memo|prepared)\\.ts$)|^src/shared/|^node_modules/(zod|luxon|yaml|re2js|@bsull/augurs)/`,
    }),
    may('services: Node built-ins', `^src/main/(${FEATURES})/`, NODE),
    may('api: dispatch and thin handlers over the services', '^src/main/api/', { path: `^src/main/(api|store|workers/supervisor\\.ts$|(${FEATURES})/)|^src/shared/` }),
    may('api: Node built-ins', '^src/main/api/', NODE),
    may('workers: entries compose a service with its own store connection', '^src/main/workers/', {
      path: `^src/main/(workers|store|sync|sources|(${FEATURES}))/|^src/sim/server\\.ts$|^src/shared/errors\\.ts$`,
    }),
    may('workers: Node built-ins', '^src/main/workers/', NODE),
    may('main/*.ts: composition roots (app, cli, serve, Electron) see every main layer', '^src/main/[^/]+\\.ts$', { path: '^src/main/|^src/shared/|^node_modules/(electron|@smithy)/' }),
    may('main/*.ts: Node built-ins', '^src/main/[^/]+\\.ts$', NODE),

    may('preload: a sandboxed preload may only use electron and the shared contract', '^src/preload/', { path: '^src/shared/|^node_modules/electron/' }),
    may('renderer: its own code, the shared contract and lib, React and UI libraries — never main, sim or Node', '^src/renderer/', {
      path: '^src/renderer/|^src/shared/|^node_modules/(react|react-dom|scheduler|@tanstack|recharts|zod|luxon|re2js)/',
    }),
    may('sim: the simulator stands alone (it plays AWS); it imports nothing of Opsdeck', '^src/sim/', { path: '^src/sim/' }),
    may('sim: Node built-ins', '^src/sim/', NODE),
  ],
  allowedSeverity: 'error',
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|dist|node_modules)/' },
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types', 'typings'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
