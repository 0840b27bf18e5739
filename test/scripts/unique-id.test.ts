/**
 * `{{$kontrakId}}`: one value per request wherever the request uses it, never the same twice in a
 * run, ten digits as `{{$timestamp}}` gave; and the shipped collections mint their references and
 * VA numbers from it, not from the clock's second.
 */
import sdk from 'postman-collection';
import { describe, expect, it } from 'vitest';
import { mintUniqueId, uniqueId } from '../../scripts/unique-id.ts';
import type { PmLike } from '../../scripts/types.ts';
import { loadProject } from '../../src/load/project.ts';
import { defined } from '../support/defined.ts';
import { REPO_ROOT } from '../support/project.ts';

const pmFor = (url: string, raw?: string): PmLike => ({
  request: new sdk.Request({
    url,
    method: 'POST',
    ...(raw !== undefined ? { body: { mode: 'raw', raw } } : {}),
  }) as unknown as PmLike['request'],
  variables: { get: () => undefined, replaceIn: (t) => t },
});

const VA_BODY =
  '{"partnerServiceId":"   12345","customerNo":"10{{$kontrakId}}","virtualAccountNo":"   1234510{{$kontrakId}}","trxId":"VA{{$kontrakId}}"}';

describe('{{$kontrakId}}', () => {
  it('is one ten-digit value per request, the same in every field and in the URL', () => {
    const pm = pmFor('http://127.0.0.1:9/v1.0/va/{{$kontrakId}}?ref=R{{$kontrakId}}', VA_BODY);
    const id = mintUniqueId(pm, Date.UTC(2026, 11, 7, 10));
    expect(id).toMatch(/^[1-9]\d{9}$/);
    const body = JSON.parse(pm.request.body?.raw ?? '') as Record<string, string>;
    expect(body.customerNo).toBe(`10${id}`);
    expect(body.virtualAccountNo).toBe(`   1234510${id}`);
    expect(body.trxId).toBe(`VA${id}`);
    expect(pm.request.url.toString()).toBe(`http://127.0.0.1:9/v1.0/va/${id}?ref=R${id}`);
  });

  it('never repeats within a run, even for requests sent in the same millisecond', () => {
    const now = Date.UTC(2026, 11, 7, 10);
    const ids = Array.from({ length: 2000 }, () => mintUniqueId(pmFor('http://127.0.0.1:9/x', VA_BODY), now));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^\d{10}$/);
    // and later calls move on from there
    expect(Number(uniqueId(now))).toBeGreaterThan(Number(ids.at(-1)));
  });

  it('leaves a request that does not use it as it was', () => {
    const pm = pmFor('http://127.0.0.1:9/x?t={{$timestamp}}', '{"a":"{{$timestamp}}"}');
    expect(mintUniqueId(pm, Date.now())).toBe('');
    expect(pm.request.body?.raw).toBe('{"a":"{{$timestamp}}"}');
    expect(pm.request.url.toString()).toBe('http://127.0.0.1:9/x?t={{$timestamp}}');
  });
});

describe('the shipped collections', () => {
  it('mint every reference, id and VA number per request, not from the second ({{$timestamp}})', () => {
    const project = defined(loadProject(REPO_ROOT).value, 'the shipped project');
    const fromTheClock = project.suites.flatMap((suite) =>
      suite.requests.flatMap((r) =>
        [
          ...JSON.stringify(r.body ?? null).matchAll(
            /"(\w+)":"([^"]*\{\{\$(?:timestamp|randomInt)\}\}[^"]*)"/g,
          ),
        ].map((m) => `${suite.name} › ${r.name}: ${m[1]} = ${m[2]}`),
      ),
    );
    expect(fromTheClock).toEqual([]);
    const minted = project.suites
      .flatMap((s) => s.requests)
      .filter((r) => JSON.stringify(r.body ?? null).includes('{{$kontrakId}}'));
    expect(minted.length).toBeGreaterThan(40);
  });
});
