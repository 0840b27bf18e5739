/**
 * Endpoints of the mock itself, not of any bank: `POST /kontrak/reset` puts the whole bank back
 * to its seed state (no tokens, external ids or references seen; seed accounts, VAs and
 * billings), so that Postman users can start over without restarting `kontrak mock`.
 * `POST /kontrak/auth-code` plays the customer who consents in the bank's page: it answers a
 * fresh one-time auth code for the B2B2C customer token (74), so a collection that binds a
 * customer mints its own code on every run instead of spending the seeded ones.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { DispatchEnvironment } from './dispatch.ts';
import { formatJakartaTimestamp } from './time.ts';

export const RESET_PATH = '/kontrak/reset';
export const AUTH_CODE_PATH = '/kontrak/auth-code';

export function registerControlRoutes(app: FastifyInstance, env: DispatchEnvironment): void {
  const answer = (reply: FastifyReply, body: Record<string, string>) =>
    reply
      .code(200)
      .header('X-TIMESTAMP', formatJakartaTimestamp(env.settings.now()))
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ responseCode: '2000000', ...body }));
  app.post(RESET_PATH, (_request, reply) => {
    env.state.reset();
    return answer(reply, { responseMessage: 'Successful. The mock bank is back to its seed state' });
  });
  app.post(AUTH_CODE_PATH, (_request, reply) =>
    answer(reply, {
      responseMessage: 'Successful. A one-time auth code, as after the customer consented',
      authCode: env.state.mintAuthCode(),
    }),
  );
}
