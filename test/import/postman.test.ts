/**
 * `kontrak import postman` on a collection kontrak did not write (an aggregator's SNAP collection):
 * paths, headers, bodies and valued variables carry over, the signing scheme comes from the
 * headers and the scripts are dropped, the catalogue's schema is attached; what cannot be mapped is
 * an error at its place in the JSON, and nothing is written.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importPostman } from '../../src/import/postman.ts';
import { kontrak } from '../support/cli.ts';
import { REPO_ROOT, tempProject } from '../support/project.ts';

const SIGN_SCRIPT = {
  listen: 'prerequest',
  script: { exec: ['// HMAC-SHA512 signing', 'pm.request.headers.add({key: "X-SIGNATURE", value: sig});'] },
};

function collection(extra: object[] = []): string {
  const item = [
    {
      name: 'Balance',
      item: [
        {
          name: 'Balance Inquiry',
          event: [
            SIGN_SCRIPT,
            {
              listen: 'test',
              script: {
                exec: [
                  'pm.test("ok", () => pm.response.to.have.status(200));',
                  'pm.expect(json.responseCode).to.eql("2001100");',
                ],
              },
            },
          ],
          request: {
            method: 'POST',
            header: [
              { key: 'Authorization', value: 'Bearer {{accessToken}}' },
              { key: 'X-TIMESTAMP', value: '{{timestamp}}' },
              { key: 'X-SIGNATURE', value: '{{signature}}' },
              { key: 'X-PARTNER-ID', value: '{{partnerId}}' },
              { key: 'X-EXTERNAL-ID', value: '{{$timestamp}}' },
              { key: 'X-Trace', value: 'agg-{{partnerId}}' },
              { key: 'Content-Type', value: 'application/json' },
            ],
            url: { raw: '{{baseUrl}}/v1.0/balance-inquiry' },
            body: {
              mode: 'raw',
              raw: '{\n  "partnerReferenceNo": "{{$guid}}",\n  "accountNo": "{{accountNo}}"\n}',
            },
          },
        },
        ...extra,
      ],
    },
  ];
  return JSON.stringify(
    {
      info: {
        name: 'Aggregator SNAP',
        schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json',
      },
      item,
      variable: [
        { key: 'baseUrl', value: 'https://sandbox.aggregator.example' },
        { key: 'accountNo', value: '0011223344' },
        { key: 'partnerId', value: 'AGG-1' },
      ],
    },
    null,
    2,
  );
}

const noHeaders = () => new Set(['x-partner-id', 'channel-id']);

let cleanup = (): void => undefined;
afterEach(() => cleanup());

describe('kontrak import postman: a foreign collection', () => {
  it('carries paths, headers, bodies and variables over; the headers name the signing scheme', () => {
    const text = collection();
    const event = text.split('\n').findIndex((l) => l.includes('"event": [')) + 1;
    const imported = importPostman({
      file: 'agg.json',
      text,
      provider: 'snap',
      providerHeaders: noHeaders,
    });
    expect(imported.diagnostics.map((d) => [d.code, d.severity, d.line])).toEqual([
      ['W_IMPORT_LEFT_OUT', 'warning', event], // the item's signing script, at its "event"
    ]);
    expect(imported.suites.map((s) => s.suite)).toEqual([
      {
        name: 'aggregator-snap-balance',
        provider: 'snap',
        requests: [
          {
            name: 'Balance Inquiry',
            method: 'POST',
            path: '/v1.0/balance-inquiry',
            headers: { 'X-Trace': 'agg-AGG-1' },
            body: { partnerReferenceNo: '{{$guid}}', accountNo: '0011223344' },
            sign: 'snap-transaction',
            expect: { status: 200, responseCode: '2001100', schema: 'snap/balance-inquiry.response.json' },
          },
        ],
      },
    ]);
  });

  it('points at what it cannot map in the JSON, and writes nothing', async () => {
    const upload = {
      name: 'Upload statement',
      request: { method: 'POST', url: '{{baseUrl}}/v1.0/upload', body: { mode: 'formdata', formdata: [] } },
    };
    const text = collection([upload]);
    const project = tempProject({
      'collections/snap/provider.yaml': readFileSync(
        join(REPO_ROOT, 'collections', 'snap', 'provider.yaml'),
        'utf8',
      ),
      'agg.json': text,
    });
    cleanup = project.cleanup;
    const run = await kontrak(['import', 'postman', 'agg.json', '--for', 'snap'], { cwd: project.root });
    expect(run.code).toBe(2);
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.includes('"mode": "formdata"')) + 1;
    const column = (lines[line - 1] ?? '').indexOf('"mode"') + 1;
    expect(run.stderr).toContain(
      `agg.json:${line}:${column} error[E_IMPORT_UNMAPPABLE] /item/0/item/1/request/body: body mode "formdata" has no kontrak equivalent`,
    );
    expect(run.stderr).toContain('nothing was written');
    expect(existsSync(join(project.root, 'collections', 'imported'))).toBe(false);
  }, 60_000);
});
