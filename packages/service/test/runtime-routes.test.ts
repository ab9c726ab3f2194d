import request from "supertest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../src/logger.js";
import { createService } from "../src/service.js";

function service() {
  return createService({
    name: "catch-all",
    version: "1.0.0",
    logger: createLogger({ name: "catch-all", level: "silent" }),
    routes(api) {
      // A route that would match every runtime path if it came first.
      api.get("/{name}", { params: z.object({ name: z.string() }) }, ({ params }) => params);
    },
  });
}

describe("the runtime's own routes", () => {
  it("answer before the service's routes, even one matching every path", async () => {
    const { app, health } = service();
    health.markReady();
    expect((await request(app).get("/healthz")).body).toEqual({ status: "ok" });
    expect((await request(app).get("/readyz")).body).toEqual({ status: "ready" });
    expect((await request(app).get("/metrics")).text).toContain("# TYPE http_requests_total");
    expect((await request(app).get("/openapi.json")).body).toMatchObject({ openapi: "3.1.0" });
    expect((await request(app).get("/anything")).body).toEqual({ name: "anything" });
  });

  it("match their exact path only, and GET or HEAD only", async () => {
    const { app } = service();
    expect((await request(app).head("/healthz")).status).toBe(200);
    expect((await request(app).get("/HEALTHZ")).body).toEqual({ name: "HEALTHZ" });
    // As Starlette: "/{name}" matches no path ending in a slash, which redirects.
    const slash = await request(app).get("/healthz/");
    expect(slash.status).toBe(307);
    expect(slash.headers.location).toBe("/healthz");
    expect((await request(app).post("/healthz")).status).toBe(405);
  });

  it("are labelled by their path in the metrics", async () => {
    const { app } = service();
    await request(app).get("/healthz");
    expect((await request(app).get("/metrics")).text).toContain(
      'http_requests_total{method="GET",route="/healthz",status_code="200"} 1',
    );
  });
});
