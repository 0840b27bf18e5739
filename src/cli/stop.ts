/** Resolves on the first SIGINT or SIGTERM: how a standalone server (mock, partner) is told to stop. */
export function untilStopped(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
