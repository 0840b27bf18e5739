/**
 * The library API keeps no process-wide project: a program that imports kontrak first and names
 * its project afterwards gets the project's own bank from the mock, because the root is an
 * argument of the call (startMockBank's projectRoot), not a setting read when a module loads.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startMockBank } from '../../src/index.ts';
import { OWN_BANK, OWN_BANK_PROFILE, OWN_TOKEN_PATH, ownBankProject } from '../support/own-bank.ts';
import { call, jakartaTimestamp, makePartner } from './helpers.ts';

const made: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of made.splice(0).reverse()) await cleanup();
});

function projectRoot(): string {
  const p = ownBankProject();
  made.push(p.cleanup);
  return p.root;
}

/** The status of a token request to the project's bank, with a signature that cannot verify. */
async function badlySignedToken(start: typeof startMockBank, root: string | undefined): Promise<number> {
  const { partner } = makePartner('TEA-CLIENT', 'tea-secret', OWN_BANK);
  const mock = await start({ partners: [partner], ...(root === undefined ? {} : { projectRoot: root }) });
  made.push(() => mock.close());
  const answer = await call(`${mock.url}${OWN_TOKEN_PATH}`, {
    headers: {
      'Content-Type': 'application/json',
      'X-TIMESTAMP': jakartaTimestamp(),
      'X-CLIENT-KEY': 'TEA-CLIENT',
      'X-SIGNATURE': Buffer.from('not a signature').toString('base64'),
    },
    body: JSON.stringify({ grantType: 'client_credentials' }),
  });
  return answer.status;
}

describe('a library call given the project root', () => {
  it('gets the project bank from a kontrak imported before the project existed: 401, not 404', async () => {
    expect(await badlySignedToken(startMockBank, projectRoot())).toBe(401);
  });

  it('gets the same from a kontrak imported after the project existed', async () => {
    const root = projectRoot();
    vi.resetModules();
    const fresh = (await import('../../src/index.ts')).startMockBank;
    expect(fresh).not.toBe(startMockBank);
    expect(await badlySignedToken(fresh, root)).toBe(401);
  });

  it("refuses to start on a broken profile of the project's, naming where it is broken", async () => {
    const p = ownBankProject({
      [`banks/${OWN_BANK}.yaml`]: OWN_BANK_PROFILE.replace(/^signature:/m, 'signatur:'),
    });
    made.push(p.cleanup);
    const { partner } = makePartner('TEA-CLIENT', 'tea-secret', OWN_BANK);
    await expect(startMockBank({ partners: [partner], projectRoot: p.root })).rejects.toThrow(
      /teabank\.yaml:9:1 error\[E_UNKNOWN_KEY\] unknown key "signatur"/,
    );
  });

  it('without the root, the mock knows only the shipped banks: the path is unknown (404)', async () => {
    projectRoot();
    expect(await badlySignedToken(startMockBank, undefined)).toBe(404);
  });
});
