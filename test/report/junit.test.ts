import { describe, expect, it } from 'vitest';
import { attr, renderJunit, text } from '../../src/report/junit.ts';
import { sampleRun } from './_fixtures.ts';
import { findAll, parseXml } from './_xml.ts';

describe('renderJunit', () => {
  const xml = renderJunit(sampleRun());
  const root = parseXml(xml);

  it('is well-formed with a root <testsuites name="kontrak">', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(root.name).toBe('testsuites');
    expect(root.attrs.name).toBe('kontrak');
    expect(root.attrs.time).toBe('3.456');
  });

  it('has one testsuite per suite and one testcase per check, with correct counts', () => {
    const suites = findAll(root, 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['nicepay-va', 'bri-mpn']);
    // nicepay-va: r1 2 checks, r2 2, r3 1, r4 transport (replaces its transport check), r5 1 = 7
    const [va, mpn] = suites;
    expect(findAll(va!, 'testcase')).toHaveLength(7);
    expect(va!.attrs.tests).toBe('7');
    expect(va!.attrs.failures).toBe('3');
    expect(va!.attrs.time).toBe('0.842');
    expect(mpn!.attrs.tests).toBe('4');
    expect(mpn!.attrs.failures).toBe('0');
    expect(root.attrs.tests).toBe(String(findAll(root, 'testcase').length));
    expect(root.attrs.tests).toBe('11');
    expect(root.attrs.failures).toBe(String(findAll(root, 'failure').length));
    expect(root.attrs.failures).toBe('3');
  });

  it('names testcases <suite>.<request> / <check> and times them in seconds', () => {
    const first = findAll(root, 'testcase')[0]!;
    expect(first.attrs).toMatchObject({ classname: 'nicepay-va.get token', name: 'status', time: '0.012' });
    expect(first.attrs.file).toBe('collections/nicepay/va.yaml');
  });

  it('lists schema violations and the signing mismatch in the failure body', () => {
    const schema = findAll(root, 'testcase').find((c) => c.attrs.name === 'schema')!;
    expect(schema.attrs.classname).toBe('nicepay-va.create VA <script>alert("x")</script> & co');
    const failure = schema.children[0]!;
    expect(failure.attrs.message).toBe('response does not match schemas/snap/create-va.response.json');
    expect(failure.attrs.type).toBe('contract');
    expect(failure.text).toContain(
      '/virtualAccountData/totalAmount/value  pattern: must match pattern "^\\d+\\.\\d{2}$"  value: "10000"',
    );
    expect(failure.text).toContain("(root)  required: must have required property 'responseMessage'");
    expect(failure.text).toContain(
      'string to sign expected by the mock: POST:/api/v1.0/transfer-va/create-va:tok:abd123',
    );
    expect(failure.text).toContain('first difference at character 44');
  });

  it('reports a transport error as a failing testcase named transport', () => {
    const cases = findAll(root, 'testcase').filter((c) => c.attrs.classname === 'nicepay-va.inquiry');
    expect(cases.map((c) => c.attrs.name)).toEqual(['transport']);
    const failure = cases[0]!.children[0]!;
    expect(failure.attrs.message).toBe('connect ECONNREFUSED 127.0.0.1:4010');
    expect(failure.attrs.type).toBe('transport');
    expect(failure.text).toContain('response: none');
  });

  it('strips control characters and escapes markup', () => {
    const negative = findAll(root, 'testcase').find(
      (c) => c.attrs.classname === 'nicepay-va.negative with wrong code',
    )!;
    expect(negative.children[0]!.attrs.message).toBe('expected a 4xx rejection, got HTTP 200 & <ok>');
    expect(xml).not.toContain('\u0001');
    expect(xml).not.toContain('<script>');
    expect(text('a\u0000b<&>\uD800c\r')).toBe('ab&lt;&amp;&gt;c&#13;');
    expect(attr(`"'\t\n`)).toBe('&quot;&apos;&#9;&#10;');
    expect(text('\uD83D\uDE00')).toBe('\uD83D\uDE00'); // a valid surrogate pair survives
  });

  it('fails a failed exchange that has no failing check, and keeps checkless passes', () => {
    const run = sampleRun();
    const x = run.suites[1]!.exchanges[0]!;
    x.passed = false;
    x.failureClass = 'auth';
    run.suites[1]!.exchanges[1]!.checks = [];
    const parsed = parseXml(renderJunit(run));
    const mpn = findAll(parsed, 'testsuite')[1]!;
    expect(mpn.attrs.tests).toBe('4');
    expect(mpn.attrs.failures).toBe('1');
    const names = findAll(mpn, 'testcase').map((c) => c.attrs.name);
    expect(names).toEqual(['status', 'responseCode', 'exchange', 'exchange']);
    expect(findAll(mpn, 'failure')[0]!.attrs.message).toBe('request failed (auth)');
  });

  it('writes environment, provider and commit as properties', () => {
    const props = findAll(findAll(root, 'testsuite')[0]!, 'property');
    expect(Object.fromEntries(props.map((p) => [p.attrs.name, p.attrs.value]))).toEqual({
      environment: 'mock',
      provider: 'nicepay',
      file: 'collections/nicepay/va.yaml',
      commit: '1970700abc',
    });
  });
});
