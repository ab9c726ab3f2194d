import request from "supertest";
import { describe, expect, it } from "vitest";
import { createService } from "../src/service.js";

function service() {
  return createService({
    name: "probe",
    version: "1.0.0",
    config: { logLevel: "silent" },
    routes: () => undefined,
  });
}

describe("health probes", () => {
  it("answers liveness whatever the readiness", async () => {
    const { app, health } = service();
    expect((await request(app).get("/healthz")).body).toEqual({ status: "ok" });
    health.markStopping();
    const res = await request(app).get("/healthz");
    expect(res.status).toBe(200);
  });

  it("is not ready before start-up, ready after, and not ready once stopping", async () => {
    const { app, health } = service();
    const starting = await request(app).get("/readyz");
    expect(starting.status).toBe(503);
    expect(starting.body).toEqual({ status: "starting" });

    health.markReady();
    const ready = await request(app).get("/readyz");
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: "ready" });

    health.markStopping();
    health.markReady();
    const stopping = await request(app).get("/readyz");
    expect(stopping.status).toBe(503);
    expect(stopping.body).toEqual({ status: "stopping" });
  });
});
