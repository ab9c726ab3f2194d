// Timeouts of the Node HTTP server. An ingress or load balancer reuses idle keep-alive
// connections for up to its own idle timeout (60 s for nginx and AWS ALB by default); if the
// server closed them sooner, requests racing the close would fail with 502s.
import type { Server } from "node:http";

/** Longer than the usual 60 s idle timeout of the proxy in front. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** Must exceed the keep-alive timeout, or Node may drop a connection receiving headers. */
export const HEADERS_TIMEOUT_MS = 66_000;
/** The longest a whole request may take to arrive, against slow-sending clients. */
export const REQUEST_TIMEOUT_MS = 120_000;

export function applyServerTimeouts(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
}
