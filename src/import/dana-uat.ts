/**
 * `kontrak import dana-uat`: DANA's published UAT scenarios (github.com/dana-id/uat-script,
 * resource/) become one suite per product and service, signed with the DANA profile. Given the
 * resource folder, the scenarios named in mandatory-tests.json are imported; given one components
 * file, all of its scenarios. Each scenario's request body and expected answer (responseCode,
 * responseMessage, the `a|b` alternatives) become a request and its expectation. What the scenario
 * does beyond its body is mapped where kontrak can stage it (a wrong signature, the same reference
 * with another amount); inbound notifications are left out, with a diagnostic.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.ts';
import type { Suite } from '../model/format.generated.ts';
import { jsonPlaces, pointerKey } from './positions.ts';
import { suiteName, type Imported, type SuiteRequest } from './types.ts';

/** DANA's components and the catalogue service each stands for (uat-script's SDK calls). */
const SERVICES: Record<string, string> = {
  ApplyToken: 'access-token/b2b2c',
  BalanceInquiry: 'balance-inquiry',
  Payment: 'debit/payment-host-to-host',
  CreateOrder: 'debit/payment-host-to-host',
  QueryOrder: 'debit/status',
  QueryPayment: 'debit/status',
  CancelOrder: 'debit/cancel',
  RefundOrder: 'debit/refund',
  TransactionList: 'transaction-history-list',
  DanaAccountInquiry: 'emoney/account-inquiry',
  TransferToDana: 'emoney/topup',
  TransferToDanaInquiryStatus: 'emoney/topup-status',
  BankAccountInquiry: 'emoney/bank-account-inquiry',
  TransferToBank: 'emoney/transfer-bank',
  TransferToBankInquiryStatus: 'transfer/status',
};

/** mandatory-tests.json's products and their components file. */
const PRODUCTS: Record<string, string> = {
  payment_gateway: 'PaymentGateway.json',
  widget: 'Widget.json',
  disbursement: 'Disbursement.json',
  ipg: 'IPG.json',
};

/** uat-script's placeholders, as the suite writes them. */
const PLACEHOLDERS: Record<string, string> = {
  partnerReferenceNo: 'UAT{{$kontrakId}}',
  createdTime: '{{$isoTimestamp}}',
  // The sandbox merchant of the mock's DANA emulation; the sandbox needs yours (README: DANA).
  MERCHANT_ID: '216620000000000000000',
};

interface Scenario {
  request?: unknown;
  response?: { responseCode?: unknown; responseMessage?: unknown };
}

type Components = Record<string, Record<string, Scenario> | null | undefined>;

interface Source {
  file: string;
  text: string;
  data: Components;
}

function readComponents(file: string, shown: string, diagnostics: Diagnostic[]): Source | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    diagnostics.push(
      error('E_IMPORT_INPUT', `cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, {
        file: shown,
      }),
    );
    return undefined;
  }
  try {
    const data = JSON.parse(text) as unknown;
    if (data === null || typeof data !== 'object' || Array.isArray(data))
      throw new Error('not an object of components');
    return { file: shown, text, data: data as Components };
  } catch (e) {
    diagnostics.push(
      error('E_IMPORT_INPUT', `${shown} is not a uat-script components file: ${(e as Error).message}`, {
        file: shown,
      }),
    );
    return undefined;
  }
}

/** `${partnerReferenceNo}` → the suite's variable; an unknown placeholder is collected. */
function fill(value: unknown, unknown: Set<string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{([A-Za-z_]+)\}/g, (whole, name: string) => {
      const mapped = PLACEHOLDERS[name];
      if (mapped === undefined) unknown.add(name);
      return mapped ?? whole;
    });
  if (Array.isArray(value)) return value.map((v) => fill(v, unknown));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, unknown)]));
  return value;
}

/** `2004300|2024300` → first and the rest. */
const split = (value: unknown): string[] =>
  typeof value === 'string' && value !== '' ? value.split('|') : [];

/** How a scenario is staged beyond its body, read from its name and expected code. */
function staging(name: string, code: string): Partial<SuiteRequest> {
  if (/InvalidSignature|Unauthorized/.test(name) && /^401\d{2}00$/.test(code)) return { tamper: 'signature' };
  return {};
}

function requestOf(
  name: string,
  scenario: Scenario,
  service: string,
  at: string,
  source: Source,
  diagnostics: Diagnostic[],
): SuiteRequest[] {
  const place = jsonPlaces(source.file, source.text);
  const codes = split(scenario.response?.responseCode);
  const [code] = codes;
  if (scenario.request === undefined || code === undefined || !/^\d{7}$/.test(code)) {
    diagnostics.push(
      warning(
        'W_IMPORT_LEFT_OUT',
        `${at}: scenario ${name} has no request and 7-digit responseCode to send and check`,
        place(at),
      ),
    );
    return [];
  }
  const unknown = new Set<string>();
  const body = fill(scenario.request, unknown);
  if (unknown.size) {
    diagnostics.push(
      error(
        'E_IMPORT_UNMAPPABLE',
        `${at}/request: placeholder(s) ${[...unknown].map((u) => `\${${u}}`).join(', ')} of scenario ${name} have no kontrak value`,
        {
          ...place(`${at}/request`),
          hint: 'placeholders kontrak fills: partnerReferenceNo, createdTime, MERCHANT_ID',
        },
      ),
    );
    return [];
  }
  const messages = split(scenario.response?.responseMessage);
  const [message] = messages;
  const expect: SuiteRequest['expect'] = {
    status: Number(code.slice(0, 3)),
    responseCode: code,
    ...(message !== undefined ? { responseMessage: message } : {}),
    ...(codes.length > 1 || messages.length > 1
      ? {
          alternatives: {
            ...(codes.length > 1 ? { responseCode: codes.slice(1) } : {}),
            ...(messages.length > 1 ? { responseMessage: messages.slice(1) } : {}),
          },
        }
      : {}),
  };
  const request: SuiteRequest = {
    name,
    method: 'POST',
    service,
    sign: 'snap-transaction', // DANA's profile signs these type C (SHA256withRSA, no token)
    body,
    scenario: name,
    ...staging(name, code),
    expect,
  };
  return /Inconsistent/.test(name) && /^404\d{2}18$/.test(code) ? inconsistentPair(request, code) : [request];
}

/** `{ amount: { value: "1.00" } }` with one rupiah more, or undefined when the body has no such amount. */
function oneMore(body: unknown): unknown {
  const amount = (body as { amount?: { value?: unknown } } | null)?.amount;
  if (typeof amount?.value !== 'string' || !/^\d+\.\d{2}$/.test(amount.value)) return undefined;
  const value = (Number(amount.value) + 1).toFixed(2);
  return { ...(body as object), amount: { ...amount, value } };
}

/**
 * An inconsistent request is a reference DANA has seen with another amount: a first request with
 * one rupiah more books the reference, and the scenario's own body then repeats it.
 */
function inconsistentPair(request: SuiteRequest, code: string): SuiteRequest[] {
  const first = oneMore(request.body);
  if (first === undefined) return [request];
  const variable = '@inconsistent_reference';
  return [
    {
      ...request,
      name: `${request.name} (the reference first sent with one rupiah more)`,
      scenario: `${request.name}: first request`,
      body: first,
      expect: { status: 200, responseCode: `200${code.slice(3, 5)}00` },
      capture: { [variable]: 'partnerReferenceNo' },
    },
    { ...request, body: { ...(request.body as object), partnerReferenceNo: `{{${variable}}}` } },
  ];
}

function suitesOf(
  product: string,
  names: ReadonlyArray<{ name: string; at: string; source: Source }>,
  components: Source,
  diagnostics: Diagnostic[],
): Suite[] {
  const byService = new Map<string, { component: string; requests: SuiteRequest[] }>();
  for (const { name, at, source } of names) {
    const found = Object.entries(components.data).find(
      ([, scenarios]) => typeof scenarios === 'object' && scenarios !== null && name in scenarios,
    );
    if (!found) {
      diagnostics.push(
        warning(
          'W_IMPORT_LEFT_OUT',
          `${at}: ${name} is no request kontrak sends (a notification DANA sends you, or a scenario without data in ${basename(components.file)})`,
          jsonPlaces(source.file, source.text)(at),
        ),
      );
      continue;
    }
    const [component, scenarios] = found;
    const service = SERVICES[component];
    const scenarioAt = `/${pointerKey(component)}/${pointerKey(name)}`;
    if (!service) {
      diagnostics.push(
        warning(
          'W_IMPORT_LEFT_OUT',
          `${scenarioAt}: ${component} maps to no SNAP service kontrak knows`,
          jsonPlaces(components.file, components.text)(scenarioAt),
        ),
      );
      continue;
    }
    const requests = requestOf(name, scenarios?.[name] ?? {}, service, scenarioAt, components, diagnostics);
    if (!requests.length) continue;
    const group = byService.get(component) ?? { component, requests: [] };
    group.requests.push(...requests);
    byService.set(component, group);
  }
  return [...byService.values()].map(({ component, requests }) => ({
    name: suiteName(`dana-uat-${product}-${component}`),
    provider: 'dana',
    description: `DANA's UAT scenarios for ${product} ${component} (${SERVICES[component] ?? ''}), as dana-id/uat-script publishes them.`,
    requests,
  }));
}

/** The resource folder (mandatory-tests.json + request/components) or one components file. */
export function importDanaUat(input: string, shown: string): Imported {
  const diagnostics: Diagnostic[] = [];
  const isDir = existsSync(input) && statSync(input).isDirectory();
  if (!isDir) {
    const source = readComponents(input, shown, diagnostics);
    if (!source) return { suites: [], diagnostics };
    const names = Object.entries(source.data).flatMap(([component, scenarios]) =>
      Object.keys(scenarios ?? {}).map((name) => ({
        name,
        at: `/${pointerKey(component)}/${pointerKey(name)}`,
        source,
      })),
    );
    const product = basename(input).replace(/\.json$/, '');
    const suites = suitesOf(product, names, source, diagnostics);
    return { suites: suites.map((suite) => ({ suite, from: `${shown} (DANA uat-script)` })), diagnostics };
  }
  const listFile = join(input, 'mandatory-tests.json');
  const listShown = join(shown, 'mandatory-tests.json');
  let list: { products?: Record<string, { node?: unknown }> };
  let listText: string;
  try {
    listText = readFileSync(listFile, 'utf8');
    list = JSON.parse(listText) as typeof list;
  } catch (e) {
    return {
      suites: [],
      diagnostics: [
        error('E_IMPORT_INPUT', `${listShown}: ${(e as Error).message}`, {
          file: listShown,
          hint: 'give uat-script resource/ folder, or one of its request/components/*.json',
        }),
      ],
    };
  }
  const listSource: Source = { file: listShown, text: listText, data: {} };
  const suites: Suite[] = [];
  for (const [product, tests] of Object.entries(list.products ?? {})) {
    const componentsName = PRODUCTS[product];
    const names = Array.isArray(tests.node) ? (tests.node as unknown[]) : [];
    if (!componentsName) {
      diagnostics.push(
        warning(
          'W_IMPORT_LEFT_OUT',
          `/products/${pointerKey(product)}: no components file is known for ${product}`,
          jsonPlaces(listShown, listText)(`/products/${pointerKey(product)}`),
        ),
      );
      continue;
    }
    const components = readComponents(
      join(input, 'request', 'components', componentsName),
      join(shown, 'request', 'components', componentsName),
      diagnostics,
    );
    if (!components) continue;
    // The Node runner's names are the scenarios' own keys in the components files.
    const wanted = names.flatMap((n, i) =>
      typeof n === 'string'
        ? [{ name: n, at: `/products/${pointerKey(product)}/node/${i}`, source: listSource }]
        : [],
    );
    suites.push(...suitesOf(product, wanted, components, diagnostics));
  }
  return {
    suites: suites.map((suite) => ({ suite, from: `${shown} (DANA uat-script, mandatory scenarios)` })),
    diagnostics,
  };
}
