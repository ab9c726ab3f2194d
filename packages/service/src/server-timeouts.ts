// Timeouts of the Node HTTP server. An ingress or load balancer reuses idle keep-alive
// connections for up to its own idle timeout (60 s for nginx and AWS ALB by default); if the
// server closed them sooner, requests racing the close would fail with 502s.
import type { Server, ServerOptions } from "node:http";

/** Longer than the usual 60 s idle timeout of the proxy in front. */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
/** The longest a request's head may take to arrive, against clients that hold connections by
 * sending it slowly. Since Node 18 it counts from a request's first byte, so an idle keep-alive
 * connection is not subject to it (older Node needed it above the keep-alive timeout). */
export const HEADERS_TIMEOUT_MS = 10_000;
/** The longest a whole request may take to arrive: a backstop above the head's timeout and
 * the longest BODY_TIMEOUT_MS, which times bodies out first with an answer the logs count. */
export const REQUEST_TIMEOUT_MS = 90_000;
/** How often Node looks for requests past those timeouts (its default, 30 s, would let each
 * one run up to 30 s over). */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/** Options that only take effect when given to createServer. */
export const SERVER_OPTIONS: ServerOptions = {
  connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS,
};

export function applyServerTimeouts(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
}
