import { defineCommand } from '../command.ts';

export const coverage = defineCommand({
  name: 'coverage',
  summary: "what each bank's contracts rest on: documented sample, SDK model, ASPI only or assumed",
  details: [
    'Without a bank: the matrix of every bank profile (shipped and the project’s banks/) by service.',
    'With a bank: its services, each with the source of its basis. docs/coverage.md holds the shipped ones.',
  ],
  args: { usage: '[bank]', min: 0, max: 1 },
  options: {},
  run: async (io, { args }) => {
    const { coverageCommand } = await import('../commands/coverage.ts');
    const [bank] = args;
    return coverageCommand(io, bank === undefined ? {} : { bank });
  },
});
