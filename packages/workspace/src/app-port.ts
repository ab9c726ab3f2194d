/** The port the first app listens on in `pnpm dev`; each new app takes the lowest free one up. */
export const FIRST_APP_PORT = 8000;

/** The lowest port from FIRST_APP_PORT up that none of `taken` is. */
export function lowestFreeAppPort(taken: Iterable<number>): number {
  const used = new Set(taken);
  let port = FIRST_APP_PORT;
  while (used.has(port)) port += 1;
  return port;
}
