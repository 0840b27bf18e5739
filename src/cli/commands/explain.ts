import {
  bankPublicKey,
  explainRequest,
  findRequest,
  formatBankPublicKey,
  formatExplanation,
} from '../../explain/explain.ts';
import { resolveRemoteValues } from '../../env/values.ts';
import { isPartner, processVariable, type Project, type Provider, type Suite } from '../../model/types.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, loadAll, report, type Io } from '../context.ts';
import { error } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';

export interface ExplainArgs {
  suite?: string;
  request?: string;
  env: string;
}

/** `kontrak explain [suite] [request]`: what would be signed and sent, secrets masked. */
export async function explainCommand(io: Io, args: ExplainArgs): Promise<ExitCode> {
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  const { project } = loaded;
  if (!args.suite || !args.request) {
    const suites = args.suite ? project.suites.filter((s) => s.name === args.suite) : project.suites;
    if (suites.length === 0) {
      const guess = closest(
        args.suite ?? '',
        project.suites.map((s) => s.name),
      );
      return fail(
        io,
        error('E_UNKNOWN_SUITE', `no suite named "${args.suite}"`, {
          hint: guess ? `did you mean "${guess}"?` : 'run kontrak explain to list suites',
        }),
      );
    }
    for (const suite of suites) {
      io.out(`${suite.name}  (${suite.provider}, ${suite.source.file})`);
      suite.requests.forEach((r, i) =>
        io.out(`  ${i + 1}. ${r.name}  [${r.method} ${r.path}, ${r.sign}${r.tamper ? ', negative' : ''}]`),
      );
    }
    io.out('\nkontrak explain <suite> <request name or number> [--env name] shows what that request signs.');
    printBankKeys(io, project, suites, args.env);
    return EXIT.OK;
  }
  const environment = project.environments.get(args.env);
  if (!environment) {
    return fail(
      io,
      error('E_UNKNOWN_ENVIRONMENT', `no environment named "${args.env}"`, {
        hint: `known environments: ${[...project.environments.keys()].join(', ')}`,
      }),
    );
  }
  const found = findRequest(project, args.suite, args.request);
  if (report(io, found.diagnostics) || !found.value) return EXIT.INVALID_INPUT;
  const explanation = await explainRequest({ project, environment, ...found.value, processEnv: io.env });
  for (const line of formatExplanation(explanation)) io.out(line);
  return explanation.signed.error ? EXIT.INVALID_INPUT : EXIT.OK;
}

/** Inbound suites: the public key the partner configures as its bank's, from the key kontrak signs with. */
function printBankKeys(io: Io, project: Project, suites: Suite[], env: string): void {
  const environment = project.environments.get(env);
  const partners = [...new Set(suites.map((s) => s.provider))]
    .map((name) => project.providers.get(name))
    .filter((p): p is Provider => p !== undefined && isPartner(p));
  if (!environment || environment.kind !== 'remote' || partners.length === 0) return;
  for (const provider of partners) {
    const values = resolveRemoteValues({
      environment,
      providers: [provider],
      processEnv: io.env,
      lenient: true,
    });
    const key = bankPublicKey(provider, values.value ?? []);
    const field = provider.credentials.find((c) => c.signingKey)?.field ?? 'private_key';
    if (key) for (const line of ['', ...formatBankPublicKey(key)]) io.out(line);
    else
      io.out(
        `\n${processVariable(provider.name, field)} is not set (or not a readable RSA key): set it to print the bank public key your endpoint must trust`,
      );
  }
}
