/**
 * `kontrak probe`: asks a bank's sandbox (or, with --env mock, the embedded mock's emulation)
 * about its dialect one knob at a time, and writes a draft profile with the evidence. The edge:
 * it finds the provider, its bank profile and credentials, starts the mock when asked to, prints.
 */
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { error, warning } from '../../diagnostics/diagnostic.ts';
import { closest } from '../../diagnostics/suggest.ts';
import { generateMockCredentials, resolveRemoteValues, type EnvValue } from '../../env/values.ts';
import { loadBankRegistry } from '../../load/bank-profiles.ts';
import { startMockBank, type RunningMock } from '../../mock/server.ts';
import { isPartner, providerVariable, type Provider } from '../../model/types.ts';
import { diffLines, observationLines } from '../../probe/diff.ts';
import { draftText, probeRedactor } from '../../probe/draft.ts';
import { runProbe } from '../../probe/session.ts';
import type { ProbeCredentials, ProbeResult } from '../../probe/types.ts';
import { maskUserinfo } from '../../redact.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, loadAll, report, type Io } from '../context.ts';

export interface ProbeArgs {
  provider: string;
  env: string;
  out?: string;
  maxRequests: number;
  paceMs: number;
  allowTransactions: boolean;
  diff: boolean;
}

/** The credentials the probe signs with, from an environment's values. */
function credentialsOf(provider: Provider, values: EnvValue[]): ProbeCredentials & { baseUrl: string } {
  const value = (field: string): string =>
    values.find((v) => v.key === providerVariable(provider.name, field))?.value ?? '';
  const partnerId = value('partner_id');
  return {
    baseUrl: value('base_url'),
    clientId: value('client_id'),
    clientSecret: value('client_secret'),
    privateKeyPem: value('private_key'),
    channelId: value('channel_id') || '95221',
    ...(partnerId ? { partnerId } : {}),
  };
}

export async function probeCommand(io: Io, args: ProbeArgs): Promise<ExitCode> {
  const loaded = loadAll(io);
  if (!loaded) return EXIT.INVALID_INPUT;
  const { project } = loaded;
  const provider = project.providers.get(args.provider);
  if (provider === undefined || isPartner(provider)) {
    const names = [...project.providers.values()].filter((p) => !isPartner(p)).map((p) => p.name);
    const guess = closest(args.provider, names);
    return fail(
      io,
      error('E_UNKNOWN_PROVIDER', `no bank provider "${args.provider}" to probe`, {
        hint: guess ? `did you mean "${guess}"?` : `providers: ${names.join(', ')}`,
      }),
    );
  }
  const bankName = provider.bank ?? provider.mock ?? provider.name;
  const bank = loadBankRegistry(io.cwd).value?.get(bankName);
  if (bank === undefined)
    return fail(
      io,
      error('E_UNKNOWN_BANK', `provider "${provider.name}" follows no bank profile ("${bankName}")`, {
        hint: 'the probe starts from a bank profile: give the provider `bank:` naming one under banks/',
      }),
    );
  const environment = project.environments.get(args.env);
  if (environment === undefined)
    return fail(
      io,
      error('E_UNKNOWN_ENVIRONMENT', `no environment named "${args.env}"`, {
        hint: `known environments: ${[...project.environments.keys()].join(', ')}`,
      }),
    );
  let mock: RunningMock | undefined;
  let values: EnvValue[];
  if (environment.kind === 'mock') {
    const generated = generateMockCredentials([provider], '', { cache: io.env.KONTRAK_CACHE_DIR });
    mock = await startMockBank({
      partners: generated.partners,
      projectRoot: project.root,
      cacheDir: io.env.KONTRAK_CACHE_DIR,
    });
    values = generated.values.map((v) =>
      v.key.endsWith('_base_url') ? { ...v, value: mock?.url ?? '' } : v,
    );
  } else {
    const resolved = resolveRemoteValues({
      environment,
      providers: [provider],
      processEnv: io.env,
      lenient: false,
    });
    if (report(io, resolved.diagnostics) || resolved.value === undefined) return EXIT.INVALID_INPUT;
    values = resolved.value;
  }
  const { baseUrl, ...credentials } = credentialsOf(provider, values);
  io.out(
    `probing ${bankName} at ${environment.kind === 'mock' ? 'the mock bank' : maskUserinfo(baseUrl)} (${args.env}): at most ${args.maxRequests} requests, one every ${args.paceMs} ms`,
  );
  let result: ProbeResult;
  try {
    result = await runProbe(
      { baseUrl, profile: bank.profile, credentials, environment: args.env },
      { maxRequests: args.maxRequests, paceMs: args.paceMs, allowTransactions: args.allowTransactions },
    );
  } finally {
    await mock?.close();
  }
  const redactor = probeRedactor(result, credentials);
  const out = resolve(io.cwd, args.out ?? `banks/${bankName}.draft.yaml`);
  const text = draftText({
    shippedText: readFileSync(bank.file, 'utf8'),
    profile: bank.profile,
    result,
    redactor,
  });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, text);
  const decided = result.decisions.filter((d) => d.value !== undefined).length;
  io.out(
    `${result.requests} requests; ${decided} of ${result.decisions.length} knobs decided; draft: ${relative(io.cwd, out)}`,
  );
  const lines = args.diff
    ? diffLines(bank.profile, result)
    : result.decisions.map(
        (d) =>
          `  ${d.value === undefined ? '?' : '✓'}  ${d.service ? `${d.knob} (${d.service})` : d.knob}: ${d.value === undefined ? `undecided, ${d.why}` : JSON.stringify(d.value)}`,
      );
  for (const line of [...lines, ...observationLines(result)]) io.out(redactor.redact(line));
  if (result.stopped === undefined) return EXIT.OK;
  report(io, [
    warning('W_PROBE_STOPPED', `the probe stopped early: ${redactor.redact(result.stopped)}`, {
      hint: `${relative(io.cwd, out)} is a partial draft: the knobs not asked keep their shipped value, marked undecided`,
    }),
  ]);
  return EXIT.CHECK_FAILED;
}
