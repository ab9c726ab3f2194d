import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { FIRST_APP_PORT, lowestFreeAppPort } from "../src/app-port.js";
import { freePort } from "../src/free-port.js";

describe("ports", () => {
  it("a free port can be listened on", async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it("a new app takes the lowest port from 8000 up that no app uses", () => {
    expect(lowestFreeAppPort([])).toBe(FIRST_APP_PORT);
    expect(lowestFreeAppPort([8000, 8001, 8003])).toBe(8002);
    expect(lowestFreeAppPort(new Set([8001]))).toBe(8000);
  });
});
