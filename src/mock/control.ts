/**
 * Endpoints of the mock itself, not of any bank: `POST /kontrak/reset` puts the whole bank back
 * to its seed state (no tokens, external ids or references seen; seed accounts, VAs and
 * billings), so that Postman users can start over without restarting `kontrak mock`.
 */
import type { FastifyInstance } from 'fastify';
import type { DispatchEnvironment } from './dispatch.ts';
import { formatJakartaTimestamp } from './time.ts';

export const RESET_PATH = '/kontrak/reset';

export function registerControlRoutes(app: FastifyInstance, env: DispatchEnvironment): void {
  app.post(RESET_PATH, (_request, reply) => {
    env.state.reset();
    return reply
      .code(200)
      .header('X-TIMESTAMP', formatJakartaTimestamp(env.settings.now()))
      .type('application/json; charset=utf-8')
      .send(
        JSON.stringify({
          responseCode: '2000000',
          responseMessage: 'Successful. The mock bank is back to its seed state',
        }),
      );
  });
}
