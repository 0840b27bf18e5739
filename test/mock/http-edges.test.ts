/**
 * The mock's HTTP edge, request line and headers: what every method, request target and
 * Content-Type gets, on bank routes and on the mock's own control routes. Each answer is
 * protocol-shaped JSON with X-TIMESTAMP; the connection stays usable unless a body was refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockBank, type RunningMock } from '../../src/mock/server.ts';
import { makePartner, TOKEN_PATH } from './helpers.ts';
import { exchange, jsonOf, rawRequest, type RawResponse } from './raw-http.ts';

const JSON_TYPE = ['Content-Type: application/json'];
const DELETE_VA = '/nicepay/api/v1.0/transfer-va/delete-va';
const BRI_TOKEN = '/oauth/client_credential/accesstoken';
const NO_CLIENT_KEY = {
  responseCode: '4017300',
  responseMessage: 'Unauthorized. Unknown Client (X-CLIENT-KEY header is missing)',
};

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMockBank({ partners: [makePartner().partner] });
});
afterAll(() => mock.close());

/** One request on a fresh connection; its single response. */
async function one(request: string, headless = false): Promise<RawResponse> {
  const { responses } = await exchange(mock.url, [request], {
    graceMs: 0,
    ...(headless ? { headless: [0] } : {}),
  });
  expect(responses).toHaveLength(1);
  return responses[0]!;
}

const notFound = (method: string, target: string) => ({
  responseCode: '4040000',
  responseMessage: `Not Found. No endpoint ${method} ${target}`,
});

describe('every answer', () => {
  it('is JSON with X-TIMESTAMP, an exact Content-Length and keep-alive for 72 s', async () => {
    const res = await one(rawRequest('GET', '/nowhere'));
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['x-timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.body));
    expect(res.headers['connection']).toBe('keep-alive');
    expect(res.headers['keep-alive']).toBe('timeout=72');
    expect(jsonOf(res)).toEqual(notFound('GET', '/nowhere'));
  });
});

describe('methods', () => {
  it('HEAD on a path served for POST only: 405 with Allow and the length of a body it leaves out', async () => {
    const res = await one(rawRequest('HEAD', TOKEN_PATH), true);
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('POST');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body).toBe('');
    const deleteOnly = await one(rawRequest('HEAD', DELETE_VA), true);
    expect([deleteOnly.status, deleteOnly.headers['allow']]).toEqual([405, 'DELETE']);
    expect((await one(rawRequest('HEAD', '/nowhere'), true)).status).toBe(404);
  });

  it('OPTIONS, TRACE, PUT, PATCH and QUERY on a known path: 405 naming the method', async () => {
    for (const [method, body] of [
      ['OPTIONS', ''],
      ['TRACE', ''],
      ['PUT', '{}'],
      ['PATCH', ''],
      ['QUERY', '{}'],
    ] as const) {
      const res = await one(rawRequest(method, TOKEN_PATH, JSON_TYPE, body));
      expect(res.status, method).toBe(405);
      expect(res.headers['allow']).toBe('POST');
      expect(jsonOf(res)).toEqual({
        responseCode: '4057300',
        responseMessage: `Requested Function Is Not Supported. ${method} is not allowed here; use POST`,
      });
    }
  });

  it('a BRI path answers 405 in the BRI gateway shape', async () => {
    const res = await one(rawRequest('GET', BRI_TOKEN));
    expect(res.status).toBe(405);
    expect(jsonOf(res)).toEqual({
      status: { code: '0109', desc: 'Invalid request parameter (GET is not allowed here; use POST)' },
    });
  });

  it('WebDAV and other methods no route serves: 404 naming them, faults still applied', async () => {
    for (const method of ['PROPFIND', 'PURGE', 'LINK']) {
      const res = await one(rawRequest(method, TOKEN_PATH));
      expect(res.status, method).toBe(404);
      expect(jsonOf(res)).toEqual(notFound(method, TOKEN_PATH));
    }
    const faulted = await one(rawRequest('LINK', TOKEN_PATH, ['X-Kontrak-Fault: status=503']));
    expect(faulted.status).toBe(503);
    expect(jsonOf(faulted)['responseCode']).toBe('5037300');
  });

  it('QUERY without a Content-Type is a 400 in the endpoint’s shape', async () => {
    const res = await one(`QUERY ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(res.status).toBe(400);
    expect(jsonOf(res)).toEqual({
      responseCode: '4007300',
      responseMessage: "Bad Request. Method 'QUERY' must provide a 'Content-Type' header.",
    });
  });
});

describe('request targets', () => {
  it('routes on the percent-decoded path, ignoring the query and fragment', async () => {
    for (const target of [`${TOKEN_PATH}?a=1&b=%zz`, `${TOKEN_PATH}#frag`, TOKEN_PATH.replace('-', '%2D')]) {
      const res = await one(rawRequest('POST', target, JSON_TYPE, '{}'));
      expect(jsonOf(res), target).toEqual(NO_CLIENT_KEY);
    }
  });

  it('an encoded slash, a trailing or double slash, a ;suffix or another case is not the path', async () => {
    for (const target of [
      TOKEN_PATH.replace('/b2b', '%2Fb2b'),
      `${TOKEN_PATH}/`,
      `/${TOKEN_PATH}`,
      `${TOKEN_PATH};jsessionid=1`,
      TOKEN_PATH.toUpperCase(),
      '/nicepay/%25zz',
    ]) {
      const res = await one(rawRequest('POST', target, JSON_TYPE, '{}'));
      expect(jsonOf(res), target).toEqual(notFound('POST', target));
    }
  });

  it('OPTIONS * and absolute-form bank paths are 404s naming the target', async () => {
    expect(jsonOf(await one(rawRequest('OPTIONS', '*')))).toEqual(notFound('OPTIONS', '*'));
    const target = `http://x${TOKEN_PATH}`;
    const absolute = await one(rawRequest('POST', target, JSON_TYPE, '{}'));
    expect(absolute.status).toBe(404);
    expect(jsonOf(absolute)).toEqual(notFound('POST', target));
  });

  it('malformed percent-encoding is a 400 quoting the target, before any fault', async () => {
    for (const target of [
      '/nicepay/%zz%',
      '/nicepay/%zz?a=1',
      '/nicepay/%C0%AF',
      'http:///x',
      'http://x/y#z',
    ]) {
      const res = await one(rawRequest('GET', target, ['X-Kontrak-Fault: status=503']));
      expect(res.status, target).toBe(400);
      expect(jsonOf(res)).toEqual({
        responseCode: '4000000',
        responseMessage: `Bad Request. '${target}' is not a valid url component`,
      });
      expect(res.headers['connection']).toBe('keep-alive');
    }
    const bri = await one(rawRequest('POST', '/v2.0/%zz', [], '{}'));
    expect(jsonOf(bri)).toEqual({
      status: { code: '0109', desc: "Invalid request parameter ('/v2.0/%zz' is not a valid url component)" },
    });
  });
});

describe('content types', () => {
  it('a Content-Type that is no media type is a 415, and the connection stays usable', async () => {
    for (const type of ['@@@', '', 'application/json/x']) {
      const { responses, ended } = await exchange(
        mock.url,
        [rawRequest('POST', TOKEN_PATH, [`Content-Type: ${type}`], '{}'), 50, rawRequest('GET', '/nowhere')],
        { responses: 2 },
      );
      expect(
        responses.map((r) => r.status),
        type,
      ).toEqual([415, 404]);
      expect(jsonOf(responses[0])).toEqual({
        responseCode: '4157300',
        responseMessage: 'Bad Request. Unsupported Media Type',
      });
      expect(ended).toBe(false);
    }
    const unknownPath = await one(rawRequest('POST', '/nowhere', ['Content-Type: @@@'], '{}'));
    expect(jsonOf(unknownPath)['responseCode']).toBe('4150000');
    const noBody = await one(`POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\nContent-Type: @@@\r\n\r\n`);
    expect(noBody.status).toBe(415);
  });

  it('a body sent with GET is not read: 405, and the next request on the connection is served', async () => {
    const { responses } = await exchange(
      mock.url,
      [rawRequest('GET', TOKEN_PATH, ['Content-Type: @@@'], '{"a":1}'), 50, rawRequest('GET', '/nowhere')],
      { responses: 2 },
    );
    expect(responses.map((r) => r.status)).toEqual([405, 404]);
  });

  it('nesting is checked for application/json in any case; other types fail on their type', async () => {
    const deep = '['.repeat(70);
    const json = await one(rawRequest('POST', TOKEN_PATH, ['Content-Type: APPLICATION/JSON'], deep));
    expect(jsonOf(json)).toEqual({
      responseCode: '4007300',
      responseMessage: 'Bad Request. JSON nested deeper than 64 levels',
    });
    const plain = await one(rawRequest('POST', TOKEN_PATH, ['Content-Type: text/plain'], deep));
    expect(jsonOf(plain)['responseCode']).toBe('4007301');
  });

  it('chunked bodies are read like sized ones', async () => {
    const chunked = (headers: string) =>
      `POST ${TOKEN_PATH} HTTP/1.1\r\nHost: x\r\n${headers}Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`;
    expect(jsonOf(await one(chunked('Content-Type: application/json\r\n')))).toEqual(NO_CLIENT_KEY);
    expect(jsonOf(await one(chunked('')))['responseCode']).toBe('4007302');
  });
});

describe('control routes', () => {
  it('answer POST on the decoded path, with or without a query, and in absolute form', async () => {
    for (const target of [
      '/kontrak/reset',
      '/kontrak/reset?x=1',
      '/kontrak/rese%74',
      'http://x/kontrak/reset',
    ]) {
      const res = await one(rawRequest('POST', target));
      expect(res.status, target).toBe(200);
      expect(res.headers['x-timestamp']).toBeDefined();
      expect(jsonOf(res)['responseCode']).toBe('2000000');
    }
  });

  it('another method or a trailing slash is a 404; faults and body checks apply', async () => {
    expect(jsonOf(await one(rawRequest('GET', '/kontrak/reset')))).toEqual(notFound('GET', '/kontrak/reset'));
    expect((await one(rawRequest('POST', '/kontrak/reset/'))).status).toBe(404);
    const faulted = await one(rawRequest('POST', '/kontrak/reset', ['X-Kontrak-Fault: status=503']));
    expect(jsonOf(faulted)['responseCode']).toBe('5030000');
    const badType = await one(rawRequest('POST', '/kontrak/auth-code', ['Content-Type: @@@'], '{}'));
    expect(jsonOf(badType)['responseCode']).toBe('4150000');
  });
});
