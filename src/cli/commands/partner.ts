import { createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkPrivateKey, parsePrivateKey } from '../../env/keys.ts';
import type { EnvValue } from '../../env/values.ts';
import { processVariable, providerVariable } from '../../model/types.ts';
import { renderEnvironment } from '../../render/environment.ts';
import { startedOr } from '../../mock/edge/http-server.ts';
import { startPartner } from '../../partner/server.ts';
import { runStepIn } from '../../partner/next-step.ts';
import { PARTNER_BANK, PARTNER_BANK_NAMES } from '../../partner/partner-banks.ts';
import type { BankCredentials } from '../../partner/verify.ts';
import { EXIT, type ExitCode } from '../exit-codes.ts';
import { fail, report, type Io } from '../context.ts';
import { keysNotIgnored, writeOwnerOnly } from '../secret-out.ts';
import { makeFolder, notAFolder } from '../../folders.ts';
import type { Diagnostic } from '../../diagnostics/diagnostic.ts';

export interface PartnerArgs {
  port: number;
  host: string;
  /** Where the Postman environment is written (dist/postman). */
  out: string;
  /** Resolves when the server should stop (signal handling lives in main). */
  until: Promise<void>;
}

const CLIENT_ID = processVariable('partner', 'client_id');
const CLIENT_SECRET = processVariable('partner', 'client_secret');
const BANK_KEY = processVariable('partner', 'bank_private_key');

/** The bank as the partner knows it: from PARTNER_* when all are set, else made now. */
function bankFrom(io: Io): { bank: BankCredentials; privatePem?: string } | Diagnostic {
  const [clientId, clientSecret, keyText] = [io.env[CLIENT_ID], io.env[CLIENT_SECRET], io.env[BANK_KEY]];
  if (clientId && clientSecret && keyText) {
    const problem = checkPrivateKey(BANK_KEY, keyText);
    if (problem) return problem;
    const publicKeyPem = createPublicKey(parsePrivateKey(keyText))
      .export({ type: 'spki', format: 'pem' })
      .toString();
    return { bank: { clientId, clientSecret, publicKeyPem } };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    bank: {
      clientId: 'BANKDEMO',
      clientSecret: randomBytes(24).toString('base64url'),
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    },
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

const quoted = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

/** `kontrak partner`: the reference partner, standalone, to run the inbound suites against. */
export async function partnerCommand(io: Io, args: PartnerArgs): Promise<ExitCode> {
  const found = bankFrom(io);
  if ('code' in found) return fail(io, found);
  // The Postman environment's folder is checked before the partner listens: a refusal leaves nothing running.
  const outDir = resolve(io.cwd, args.out);
  const folder = makeFolder(outDir);
  if (!folder.ok) return fail(io, notAFolder(args.out, folder.reason));
  const started = await startedOr(
    startPartner({ bank: found.bank, host: args.host, port: args.port }),
    args.host,
    args.port,
  );
  if (!started.ok) return fail(io, started.diagnostic);
  const partner = started.server;
  io.out(`kontrak reference partner listening on ${partner.url}`);
  if (found.privatePem) {
    // Throwaway credentials: written for the shell that runs the suites, never printed.
    const dir = join(io.cwd, '.kontrak');
    const path = join(dir, 'partner.env');
    await mkdir(dir, { recursive: true });
    const lines = [
      `export ${processVariable('partner', 'base_url')}=${quoted(partner.url)}`,
      `export ${CLIENT_ID}=${quoted(found.bank.clientId)}`,
      `export ${CLIENT_SECRET}=${quoted(found.bank.clientSecret)}`,
      `export ${BANK_KEY}=${quoted(found.privatePem)}`,
    ];
    report(io, keysNotIgnored(io.cwd, path));
    await writeOwnerOnly(path, `${lines.join('\n')}\n`);
    io.out(`  throwaway bank credentials for this partner: ${path}`);
    io.out(`  run the inbound suites against it: . ${path} && ${runStepIn(io.cwd)}`);
    io.out(
      `  as one bank calls: ${PARTNER_BANK}=<${PARTNER_BANK_NAMES.join('|')}> before the run (unset: every suite of provider partner)`,
    );
    // Postman: the same throwaway credentials, so imported inbound collections sign for this partner.
    const envPath = join(outDir, 'partner-local.postman_environment.json');
    const values: EnvValue[] = [
      { key: providerVariable('partner', 'base_url'), value: partner.url, secret: false },
      { key: providerVariable('partner', 'client_id'), value: found.bank.clientId, secret: false },
      { key: providerVariable('partner', 'client_secret'), value: found.bank.clientSecret, secret: true },
      { key: providerVariable('partner', 'bank_private_key'), value: found.privatePem, secret: true },
      {
        key: providerVariable('partner', 'private_key'),
        value: '{{partner_bank_private_key}}',
        secret: false,
      },
    ];
    report(io, keysNotIgnored(io.cwd, envPath));
    await writeOwnerOnly(
      envPath,
      `${JSON.stringify(renderEnvironment('partner-local', values, true), null, 2)}\n`,
    );
    io.out(`  Postman environment: ${envPath}`);
  } else {
    io.out(`  bank: client id ${found.bank.clientId}, key from ${BANK_KEY}`);
  }
  io.out('Press Ctrl+C to stop.');
  await args.until;
  await partner.close();
  return EXIT.OK;
}
