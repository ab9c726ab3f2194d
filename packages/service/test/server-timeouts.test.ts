import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { MAX_BODY_TIMEOUT_MS } from "../src/config.js";
import { SERVER_OPTIONS, applyServerTimeouts } from "../src/server-timeouts.js";

describe("server timeouts", () => {
  it("outlast a proxy's 60 s keep-alive, and leave bodies to time out first with an answer", () => {
    const server = createServer(SERVER_OPTIONS);
    applyServerTimeouts(server);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    // Well under the 120 s a slow request's head could take before.
    expect(server.headersTimeout).toBeLessThanOrEqual(10_000);
    expect(server.requestTimeout).toBeGreaterThan(server.headersTimeout + MAX_BODY_TIMEOUT_MS);
  });
});
