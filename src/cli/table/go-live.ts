import { defineCommand, NO_ARGUMENTS } from '../command.ts';
import { text } from '../options.ts';
import { PARTNER_BANK_NAMES } from '../../partner/partner-banks.ts';

export const goLive = defineCommand({
  name: 'go-live',
  summary: 'is your callback endpoint ready for the bank? TLS version, certificate, clock skew, answer time',
  details: [
    'Sends one unsigned call to where the bank calls first (your endpoint refuses it; its answer',
    'still shows its clock and its speed). Exit 1 when a check fails.',
  ],
  args: NO_ARGUMENTS,
  options: {
    url: text('<url>', 'your endpoint’s base URL (default PARTNER_BASE_URL)'),
    bank: text(
      '<bank>',
      `the bank that calls you: ${PARTNER_BANK_NAMES.join(', ')} (default PARTNER_BANK, else bca)`,
    ),
    ca: text('<file>', 'a CA certificate (PEM) to trust beside the usual ones, for a private CA'),
  },
  run: async (io, { values }) => {
    const { goLiveCommand } = await import('../commands/go-live.ts');
    return goLiveCommand(io, {
      ...(values.url ? { url: values.url } : {}),
      ...(values.bank ? { bank: values.bank } : {}),
      ...(values.ca ? { ca: values.ca } : {}),
    });
  },
});
