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

/** Check out, install: the first steps of every job. */
const SETUP_STEPS = `      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - run: npm ci --no-audit --no-fund`;

/** Uploads `path` as the artifact `name`, whatever became of the run. */
const uploadStep = (title: string, name: string, path: string): string => `      - name: ${title}
        if: \${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: ${name}
          path: ${path}
          if-no-files-found: warn`;

export function workflowText(facts: ScaffoldFacts): string {
  const env = [
    ...facts.secrets.map((name) => `      ${name}: \${{ secrets.${name} }}`),
    `      ${facts.baseUrlVariable}: \${{ vars.${facts.baseUrlVariable} }}`,
  ].join('\n');
  return `# Contract tests with kontrak. Every push and pull request runs the suites against kontrak's
# embedded mock bank, which verifies signatures like the bank does (no credentials needed). The
# nightly job runs them against the ${facts.bank} sandbox with the credentials in the repository's
# secrets (${facts.secrets.join(', ')}); a missing one stops the run before any request is sent.
# Each green night's results.json is kept (artifact contracts-baseline): the next night's report
# shows what changed in the bank's answers since then, and \`kontrak diff\` fails the job on drift.
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
${SETUP_STEPS}
      - run: npm run suites
${uploadStep('upload the reports', 'contracts-mock', 'reports/')}

  sandbox:
    name: suites against the ${facts.bank} sandbox
    if: \${{ github.event_name == 'schedule' || github.event_name == 'workflow_dispatch' }}
    runs-on: ubuntu-latest
    timeout-minutes: 30
    permissions:
      contents: read
      actions: read # to find the last green night's results
    env:
${env}
    steps:
${SETUP_STEPS}
      - name: find the last green night's results
        id: baseline
        env:
          GH_TOKEN: \${{ github.token }}
        run: |
          run_id=$(gh api "repos/\${{ github.repository }}/actions/artifacts?name=contracts-baseline&per_page=1" --jq '.artifacts[0].workflow_run.id // empty')
          echo "run-id=$run_id" >> "$GITHUB_OUTPUT"
      - name: the last green night's results
        if: \${{ steps.baseline.outputs.run-id != '' }}
        uses: actions/download-artifact@v4
        with:
          name: contracts-baseline
          path: reports/baseline
          run-id: \${{ steps.baseline.outputs.run-id }}
          github-token: \${{ github.token }}
      - name: suites against the sandbox (against the baseline when there is one)
        run: npm run suites -- --env sandbox --out reports/sandbox \${{ steps.baseline.outputs.run-id != '' && '--baseline reports/baseline/results.json' || '' }}
${uploadStep('upload the reports', 'contracts-sandbox', 'reports/sandbox/')}
      - name: keep tonight's results as the baseline (green nights only)
        if: \${{ success() }}
        uses: actions/upload-artifact@v4
        with:
          name: contracts-baseline
          path: reports/sandbox/results.json
          if-no-files-found: error
          retention-days: 90
      - name: fail on drift since the last green night
        if: \${{ steps.baseline.outputs.run-id != '' }}
        run: npx kontrak diff reports/baseline/results.json reports/sandbox/results.json --fail-on drift
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
  against the sandbox every night. Each green night's \`results.json\` is kept as the baseline:
  the next night's report opens with what changed in the bank's answers (fields added, removed or
  retyped, new codes, headers, response times), and \`kontrak diff\` fails the job on drift.
`;
}
