/**
 * Endpoints of the mock itself, not of any bank: `POST /kontrak/reset` puts the whole bank back
 * to its seed state (no tokens, external ids or references seen; seed accounts, VAs and
 * billings), so that Postman users can start over without restarting `kontrak mock`.
 * `POST /kontrak/auth-code` plays the customer who consents in the bank's page: it answers a
 * fresh one-time auth code for the B2B2C customer token (74), so a collection that binds a
 * customer mints its own code on every run instead of spending the seeded ones.
 */
import type { DispatchEnvironment } from './dispatch.ts';
import type { MockReply } from '../snap-errors.ts';

export const RESET_PATH = '/kontrak/reset';
export const AUTH_CODE_PATH = '/kontrak/auth-code';

/** A control endpoint: answers `POST <path>`, whatever the body. */
export type ControlRoute = () => MockReply;

/** The control endpoints by path. */
export function controlRoutes(env: DispatchEnvironment): ReadonlyMap<string, ControlRoute> {
  const ok = (body: Record<string, string>): MockReply => ({
    status: 200,
    body: { responseCode: '2000000', ...body },
  });
  return new Map<string, ControlRoute>([
    [
      RESET_PATH,
      () => {
        env.state.reset();
        return ok({ responseMessage: 'Successful. The mock bank is back to its seed state' });
      },
    ],
    [
      AUTH_CODE_PATH,
      () =>
        ok({
          responseMessage: 'Successful. A one-time auth code, as after the customer consented',
          authCode: env.state.mintAuthCode(),
        }),
    ],
  ]);
}
