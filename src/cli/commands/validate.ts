import { EXIT, type ExitCode } from '../exit-codes.ts';
import { loadAll, report, type Io } from '../context.ts';
import { checkBaseUrlVariables } from '../../env/values.ts';

/** `kontrak validate`: load and lint collections and schemas; no network. */
export function validateCommand(io: Io): ExitCode {
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  const { project, schemas } = loaded;
  if (report(io, checkBaseUrlVariables([...project.providers.values()], io.env))) return EXIT.INVALID_INPUT;
  const requests = project.suites.reduce((n, s) => n + s.requests.length, 0);
  io.out(
    `ok: ${project.providers.size} provider(s), ${project.suites.length} suite(s), ${requests} request(s), ${project.environments.size} environment(s), ${schemas.documents.size} schema(s)`,
  );
  return EXIT.OK;
}
