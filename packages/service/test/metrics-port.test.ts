import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type SpawnedService, startService } from "../src/spawn-service.js";

const cwd = fileURLToPath(new URL("..", import.meta.url));

const running: SpawnedService[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.child.kill("SIGKILL");
});

describe("with METRICS_PORT", { timeout: 120_000 }, () => {
  it("serves /metrics on that port only, where the API's routes are not", async () => {
    const service = await startService("test/fixtures/slow-service.ts", {
      cwd,
      env: { METRICS_PORT: "0" },
    });
    running.push(service);
    const { metricsPort } = await service.waitForLine((line) => "metricsPort" in line);
    const api = `http://127.0.0.1:${service.port}`;
    const metrics = `http://127.0.0.1:${metricsPort as number}`;

    expect((await fetch(`${api}/slow?ms=0`)).status).toBe(200);
    const onApi = await fetch(`${api}/metrics`);
    expect(onApi.status).toBe(404);
    expect(await onApi.json()).toEqual({ detail: "Not Found" });

    const scraped = await fetch(`${metrics}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await scraped.text()).toContain(
      'http_requests_total{method="GET",route="/slow",status_code="200"} 1',
    );
    expect((await fetch(`${metrics}/slow?ms=0`)).status).toBe(404);
    expect((await fetch(`${metrics}/metrics`, { method: "POST" })).status).toBe(405);

    service.child.kill("SIGTERM");
    expect(await service.exited).toEqual({ code: 0, signal: null });
  });
});
