import { createServer } from "node:http";
import { describe, expect, it } from "vitest";
import { applyServerTimeouts } from "../src/server-timeouts.js";

describe("server timeouts", () => {
  it("outlast a proxy's 60 s keep-alive and keep headers and request bounds consistent", () => {
    const server = createServer();
    applyServerTimeouts(server);
    expect(server.keepAliveTimeout).toBeGreaterThan(60_000);
    // Node drops a connection that is sending headers when headersTimeout <= keepAliveTimeout.
    expect(server.headersTimeout).toBeGreaterThan(server.keepAliveTimeout);
    expect(server.requestTimeout).toBeGreaterThan(server.headersTimeout);
  });
});
