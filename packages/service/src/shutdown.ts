// Graceful shutdown of a listening server: readiness turns false, the server keeps serving for
// the configured delay while load balancers stop routing to it, then stops accepting, lets
// in-flight requests finish and closes keep-alive connections as they fall idle. Connections
// that have not sent a whole request are closed at once. Whatever is still running when the
// timeout expires is cut.
import type { Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { Connections } from "./connections.js";
import type { Health } from "./health.js";

export interface ShutdownOptions {
  health: Health;
  connections: Connections;
  /** Total budget, delay included. */
  timeoutMs: number;
  delayMs: number;
}

export interface ShutdownResult {
  /** Whether the timeout expired and the remaining connections were destroyed. */
  timedOut: boolean;
  /** Requests still running at the timeout, cut off with their connections. */
  cut: number;
}

export async function shutdown(
  server: Server,
  /** Requests being handled: what a forced close would cut. */
  inFlight: () => number,
  { health, connections, timeoutMs, delayMs }: ShutdownOptions,
): Promise<ShutdownResult> {
  health.markStopping();
  const deadline = Date.now() + timeoutMs;
  if (delayMs > 0) await sleep(delayMs);

  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  connections.closeUnanswered();
  // Those serving a request become idle when it finishes and would otherwise stay open for the
  // whole keep-alive timeout.
  const sweeper = setInterval(() => connections.closeUnanswered(), 50);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()));
  });
  try {
    if ((await Promise.race([closed, timedOut])) !== "timeout") return { timedOut: false, cut: 0 };
    const cut = inFlight();
    server.closeAllConnections();
    await closed;
    return { timedOut: true, cut };
  } finally {
    clearInterval(sweeper);
    clearTimeout(timer);
  }
}
