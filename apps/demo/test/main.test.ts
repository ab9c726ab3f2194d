import { fileURLToPath } from "node:url";
import { type SpawnedService, spawnService, startService } from "@repo/service/testing";
import { afterEach, describe, expect, it } from "vitest";

const cwd = fileURLToPath(new URL("..", import.meta.url));
const MAIN = "src/main.ts";

const running: SpawnedService[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.child.kill("SIGKILL");
});

// Processes start slowly on a loaded machine; these bounds only catch a hang.
describe("the demo as a process", { timeout: 120_000 }, () => {
  it("serves its routes and probes on PORT, then drains and exits 0 on SIGTERM", async () => {
    const service = await startService(MAIN, { cwd });
    running.push(service);
    const base = `http://127.0.0.1:${service.port}`;

    const root = await fetch(`${base}/`);
    expect(await root.json()).toEqual({ Hello: "World" });
    const healthz = await fetch(`${base}/healthz`);
    expect(healthz.status).toBe(200);
    const readyz = await fetch(`${base}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: "ready" });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(
      /^http_requests_total\{method="GET",route="\/",status_code="200"\} 1$/m,
    );

    service.child.kill("SIGTERM");
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(service.lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(["shutting down: draining in-flight requests", "shutdown complete"]),
    );
    expect(service.lines.every((line) => line.notJson === undefined)).toBe(true);
  });

  it("refuses a bad PORT with exit code 1 and one line naming it", async () => {
    const service = spawnService(MAIN, { cwd, env: { PORT: "http" } });
    running.push(service);
    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(service.stderr()).toBe(
      'Invalid environment: PORT="http" is not allowed, expected an integer from 0 to 65535\n',
    );
    expect(service.lines).toEqual([]);
  });
});
