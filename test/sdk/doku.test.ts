/**
 * DOKU's own Node SDK (doku-nodejs-library 1.0.52, unmodified) against the mock, its client
 * registered by a partners file. Only the SDK's base URL (its Config.CORE_SANDBOX_BASE_URL), a key
 * pair made at run time, the client id and the secret key are configured. Every call must be
 * accepted with the answer DOKU documents.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Doku, { type Snap } from 'doku-nodejs-library';
import Config from 'doku-nodejs-library/_commons/config.js';
import BalanceInquiryRequestDto from 'doku-nodejs-library/_models/balanceInquiryRequestDTO.js';
import BalanceInquiryAdditionalInfoRequestDto from 'doku-nodejs-library/_models/balanceInquiryAdditionalInfoRequestDTO.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { loadPartnersFile } from '../../src/load/partners-file.ts';
import { mockEmulationNames, startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { tempDir } from '../support/project.ts';

const CLIENT_ID = 'BRN-0201-1754000000001';
const SECRET_KEY = 'SK-kontrak-doku-secret';

describe('doku-nodejs-library 1.0.52 against the mock', () => {
  const dir = tempDir();
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const log: string[] = [];
  let mock: RunningMock;
  let snap: Snap;

  beforeAll(async () => {
    writeFileSync(join(dir.dir, 'doku.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    writeFileSync(
      join(dir.dir, 'partners.yaml'),
      `partners:\n  - clientId: "${CLIENT_ID}"\n    clientSecret: "${SECRET_KEY}"\n    publicKey: doku.pub.pem\n    providers: [doku]\n`,
    );
    const partners = loadPartnersFile(join(dir.dir, 'partners.yaml'), mockEmulationNames());
    expect(partners.diagnostics).toEqual([]);
    mock = await startMockBank({
      host: '127.0.0.1',
      partners: partners.value ?? [],
      log: (l) => log.push(l),
    });
    // The SDK's sandbox base URL is its one setting of where DOKU is.
    Config.CORE_SANDBOX_BASE_URL = mock.url;
    snap = newSnap();
  });
  afterAll(async () => {
    await mock.close();
    dir.cleanup();
  });

  /** The SDK's client; its constructor fetches a B2B token at once (not awaited by the SDK). */
  const newSnap = (): Snap =>
    new Doku.Snap({
      isProduction: false,
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      clientID: CLIENT_ID,
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      dokuPublicKey: '',
      issuer: 'kontrak',
      secretKey: SECRET_KEY,
    });
  const authCode = async (at: RunningMock = mock): Promise<string> => {
    const res = await fetch(`${at.url}/kontrak/auth-code`, { method: 'POST' });
    return ((await res.json()) as { authCode: string }).authCode;
  };

  it('token B2B, then balance inquiry with a B2B2C token from an auth code, as the SDK sends them', async () => {
    const token = await snap.getTokenB2B();
    expect(token.responseCode).toBe('2007300');
    expect(token.accessToken).toMatch(/\S{20,}/);

    const balance = await snap.doBalanceInquiry(
      new BalanceInquiryRequestDto(new BalanceInquiryAdditionalInfoRequestDto('DIRECT_DEBIT_ALLO_SNAP')),
      await authCode(),
      '192.168.100.10',
    );
    expect(log).toEqual([]);
    expect(balance.responseCode).toBe('2001100');
  });

  it("set to ASPI's strict customer token form, the same SDK call is refused, naming the knob and its source", async () => {
    const root = join(dir.dir, 'strict');
    mkdirSync(join(root, 'banks'), { recursive: true });
    const shipped = parse(readFileSync(join(import.meta.dirname, '../../banks/doku.yaml'), 'utf8')) as object;
    const source = 'ASPI SNAP: Authorization-Customer "Bearer <token>" (set by this test)';
    writeFileSync(
      join(root, 'banks', 'doku.yaml'),
      stringify({ ...shipped, customerToken: { value: 'bearer', source, confidence: 'assumed' } }),
    );
    const strictLog: string[] = [];
    const partners = loadPartnersFile(join(dir.dir, 'partners.yaml'), mockEmulationNames(root));
    const strict = await startMockBank({
      host: '127.0.0.1',
      projectRoot: root,
      partners: partners.value ?? [],
      log: (l) => strictLog.push(l),
    });
    try {
      Config.CORE_SANDBOX_BASE_URL = strict.url;
      const strictSnap = newSnap();
      await strictSnap.getTokenB2B();
      const refused: unknown = await strictSnap
        .doBalanceInquiry(
          new BalanceInquiryRequestDto(new BalanceInquiryAdditionalInfoRequestDto('DIRECT_DEBIT_ALLO_SNAP')),
          await authCode(strict),
          '192.168.100.10',
        )
        .then(
          () => 'accepted',
          (error: unknown) => (error as { response?: unknown }).response,
        );
      expect(refused).toMatchObject({ status: 401 });
      const diagnosis = (refused as { headers: Record<string, string> }).headers['x-kontrak-diagnosis'];
      expect(diagnosis).toContain('knob customerToken: received "<token>"');
      expect(diagnosis).toContain(`source: ${source}`);
      expect(strictLog.some((l) => l.includes('knob customerToken'))).toBe(true);
    } finally {
      Config.CORE_SANDBOX_BASE_URL = mock.url;
      await strict.close();
    }
  });
});
