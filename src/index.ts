/**
 * kontrak's public API: what a team's own scripts import. Kept small: load a project, render a
 * suite for Postman, run suites, start the mock bank, write reports, and the types they hand on.
 * Everything else under src/ is internal and may change between versions.
 */
export { main } from './cli/main.ts';

// The project root is an argument of each call (loadProject's root, startMockBank's projectRoot):
// kontrak keeps no process-wide project setting.
export { loadProject, MOCK_ENVIRONMENT } from './load/project.ts';
// loadSchemas(dirs, cwd, { overlays: bankOverlays(root) }) derives each bank's own schemas, which
// the project's answers to a bank with overlays are checked against.
export { bankNames, bankOverlays } from './load/bank-profiles.ts';
export { loadSchemas, type SchemaRegistry } from './schemas/registry.ts';
export type { Environment, Project, Provider, Suite } from './model/types.ts';

export { exportCollection } from './render/export.ts';
export type { PostmanCollection } from './render/postman-types.ts';

export { runSuites, type RunOptions } from './run/run.ts';
export type { ExchangeResult, RunResult, SuiteResult } from './model/results.ts';

export { startMockBank, type MockOptions, type RunningMock } from './mock/server.ts';

export { writeReports, type WriteReportsOptions } from './report/write.ts';
export type { ReporterName } from './report/names.ts';

export type { Diagnostic, Outcome } from './diagnostics/diagnostic.ts';
export { formatDiagnostics } from './diagnostics/format.ts';
