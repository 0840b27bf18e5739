/**
 * The generated files of a new project (`kontrak init`): its CI workflow, .gitignore and README.
 * The collections come from the reference collections (scaffold.ts).
 */

export interface ScaffoldFacts {
  projectName: string;
  bank: string;
  /** The provider's name in its provider file. */
  provider: string;
  suite: string;
  suitePath: string;
  /** Process variables the sandbox run reads the provider's credentials from. */
  secrets: string[];
  /** The process variable that overrides the provider's sandbox base URL. */
  baseUrlVariable: string;
}

export function gitignoreText(): string {
  return ['node_modules/', 'reports/', 'dist/', '.kontrak/', '*.log', ''].join('\n');
}

export function workflowText(facts: ScaffoldFacts): string {
  const env = [
    ...facts.secrets.map((name) => `      ${name}: \${{ secrets.${name} }}`),
    `      ${facts.baseUrlVariable}: \${{ vars.${facts.baseUrlVariable} }}`,
  ].join('\n');
  return `# Contract tests with kontrak. Every push and pull request runs the suites against kontrak's
# embedded mock bank, which verifies signatures like the bank does (no credentials needed). The
# nightly job runs them against the ${facts.bank} sandbox with the credentials in the repository's
# secrets (${facts.secrets.join(', ')}); a missing one stops the run before any request is sent.
name: contracts

on:
  push:
  pull_request:
  schedule:
    - cron: '17 19 * * *' # 02:17 in Jakarta
  workflow_dispatch:

permissions:
  contents: read

jobs:
  mock:
    name: suites against the mock bank
    if: \${{ github.event_name != 'schedule' }}
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci --no-audit --no-fund
      - run: npm run suites
      - name: upload the reports
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: contracts-mock
          path: reports/
          if-no-files-found: warn

  sandbox:
    name: suites against the ${facts.bank} sandbox
    if: \${{ github.event_name == 'schedule' || github.event_name == 'workflow_dispatch' }}
    runs-on: ubuntu-latest
    timeout-minutes: 30
    env:
${env}
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci --no-audit --no-fund
      - run: npm run suites -- --env sandbox --out reports/sandbox
      - name: upload the reports
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: contracts-sandbox
          path: reports/sandbox/
          if-no-files-found: warn
`;
}

export function readmeText(facts: ScaffoldFacts): string {
  return `# ${facts.projectName}

Contract tests for the ${facts.bank} API, written for [kontrak](https://www.npmjs.com/package/kontrak).

\`\`\`sh
npm run suites                       # every suite against kontrak's embedded mock bank
npx kontrak validate                 # check the YAML, no network
npx kontrak run --env sandbox        # against the ${facts.bank} sandbox (credentials below)
npx kontrak explain ${facts.suite}   # what each request signs and sends, secrets masked
\`\`\`

Reports land in \`reports/\` (\`index.html\`, \`junit.xml\`, \`results.json\`).

- \`${facts.suitePath}\` is the suite; add requests to it, or more suites beside it.
- \`collections/*/provider.yaml\` describes the provider: base URLs, signing, credentials.
- Response schemas are kontrak's own (\`snap/…\`, \`nicepay/…\`, \`bri/…\`); a file under
  \`schemas/\` here with the same path replaces one, a new path adds one. Bank profiles work the
  same way under \`banks/\`.
- The sandbox run reads the credentials from ${facts.secrets.map((s) => `\`${s}\``).join(', ')} and
  the base URL from \`${facts.baseUrlVariable}\` when it is set.
- \`.github/workflows/contracts.yml\` runs the suites against the mock bank on every push and
  against the sandbox every night.
`;
}
