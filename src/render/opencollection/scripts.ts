/**
 * The scripts of a Bruno collection, for Bruno's safe sandbox (QuickJS): the signer as the
 * collection's pre-request script, the checks as its tests script, and each request's tests
 * (captures, then the checks on its response). In a Bruno run, a request's scripts and the
 * collection's are joined into one script, so what the collection script defines, the request's
 * part can call (the collection sets the `sequential` flow, so the collection's tests come first).
 *
 * Bruno strips comments from every script with `decomment` (esprima 4, ES2017) before it runs it,
 * and loses its way in bundled code (BigInt literals, regular expressions with quotes). So the
 * bundles travel as one JSON string each, evaluated in the sandbox's global scope: a string is
 * one token to esprima and is copied untouched.
 */
import { EXTERNAL_ID_VARIABLE, REFERENCE_VARIABLE } from '../../model/negatives.ts';
import { providerVariable, type Provider, type RequestSpec } from '../../model/types.ts';
import { sandboxBundle } from '../bundle-signer.ts';
import { accessor, checkSpecOf } from '../postman.ts';

/** A statement that evaluates `code` in the global scope, its source hidden from decomment in a string. */
const globalEval = (code: string): string => `(0, eval)(${JSON.stringify(code)});`;

/** The collection-level pre-request script: the Bruno signer bundle and one call. */
export async function brunoSignerScript(): Promise<string> {
  const { code } = await sandboxBundle('bruno.ts');
  // Each Bruno script starts in a fresh context: no guard, the bundle is evaluated per request.
  return [
    globalEval(`kontrakSigner = (function () { var api; ${code}\nreturn api; })();`),
    '// kontrak signs this request as its X-Kontrak-Sign header says (scripts/bruno.ts).',
    '// A request it cannot sign is not sent: the error names the variable, as a failed',
    '// pre-request test and as the error of the request. Not bru.runner.skipRequest():',
    '// bru run counts neither a skipped request nor its failed tests, and would exit 0.',
    'try {',
    "  kontrakSigner.signBruno(req, bru, function () { return require('crypto-js'); });",
    '} catch (e) {',
    '  var kontrakWhy = String((e && e.message) || e);',
    "  test('signing: ' + kontrakWhy + ' (request not sent)', function () { throw new Error(kontrakWhy); });",
    '  throw new Error(kontrakWhy);',
    '}',
  ].join('\n');
}

/**
 * The collection-level tests script: the checks bundle (`kontrakChecks`, the same as Postman's)
 * and `kontrakCheck(spec)`, which shows it Bruno's response as Postman's `pm` would. Bruno hands
 * scripts the response body parsed; the checks read it serialised again (same keys, same order).
 */
export function brunoChecksScript(checksLines: readonly string[]): string {
  return [
    globalEval(checksLines.join('\n')),
    'globalThis.kontrakCheck = function (spec) {',
    '  var body = res.getBody();',
    "  var text = typeof body == 'string' ? body : body == null ? '' : JSON.stringify(body);",
    '  var headers = res.getHeaders() || {};',
    '  var all = Object.keys(headers).map(function (k) { return { key: k, value: headers[k] }; });',
    '  var pm = { response: { code: res.getStatus(), text: function () { return text; }, headers: { all: function () { return all; } } }, test: test };',
    '  return kontrakChecks.check(pm, spec);',
    '};',
  ].join('\n');
}

/** A request header as sent (any case), '' when absent. */
const SENT_HEADER =
  'function kontrakSentHeader(name) { var h = req.getHeaders() || {}; for (var k in h) if (k.toLowerCase() == name.toLowerCase()) return String(h[k]); return ""; }';

/**
 * A request's tests script: what later requests reuse (its external id, its reference, the
 * captures, as runtime variables: `bru.setVar`), then the checks of `kontrak run`.
 */
export function brunoRequestTests(request: RequestSpec, provider: Provider): string {
  const lines: string[] = [];
  if (request.recordExternalId) {
    lines.push(
      SENT_HEADER,
      `bru.setVar(${JSON.stringify(EXTERNAL_ID_VARIABLE)}, kontrakSentHeader(${JSON.stringify(provider.signing.externalIdHeader)}));`,
    );
  }
  if (request.recordReference) {
    lines.push(
      `try { var kontrakSent = JSON.parse(req.getBody({ raw: true })); bru.setVar(${JSON.stringify(REFERENCE_VARIABLE)}, String(kontrakSent${accessor(request.recordReference)})); } catch (e) {}`,
    );
  }
  const captures = Object.entries(request.capture);
  if (captures.length) {
    lines.push(
      'var kontrakBody = res.getBody();',
      "if (typeof kontrakBody == 'string') { try { kontrakBody = JSON.parse(kontrakBody); } catch (e) { kontrakBody = {}; } }",
      'kontrakBody = kontrakBody || {};',
    );
    for (const [variable, path] of captures) {
      lines.push(
        `try { var v = kontrakBody${accessor(path)}; if (v !== undefined) bru.setVar(${JSON.stringify(variable)}, String(v)); } catch (e) {}`,
      );
    }
    const token = providerVariable(provider.name, 'access_token');
    if (token in request.capture) {
      lines.push(
        'var kontrakTtl = Number(kontrakBody.expiresIn || kontrakBody.expires_in);',
        `if (kontrakTtl > 0) bru.setVar(${JSON.stringify(`${token}_expires_at`)}, String(Date.now() + kontrakTtl * 1000));`,
      );
    }
  }
  lines.push(`kontrakCheck(${JSON.stringify(checkSpecOf(request))});`);
  return lines.join('\n');
}
