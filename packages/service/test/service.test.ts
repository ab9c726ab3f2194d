import express from "express";
import helmet from "helmet";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../src/logger.js";
import { integer } from "../src/request-params.js";
import { API_HELMET_OPTIONS, DOCS_HELMET_OPTIONS, helmetHeaders } from "../src/security-headers.js";
import { createService } from "../src/service.js";
import { SWAGGER_UI_CDN } from "../src/swagger-ui.js";

type Line = Record<string, unknown>;

/** A service whose log lines are kept in memory. */
function service() {
  const lines: Line[] = [];
  const logger = createLogger({
    name: "items",
    level: "info",
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Line) },
  });
  const created = createService({
    name: "items",
    version: "1.0.0",
    config: { bodyLimit: "1kb" },
    logger,
    routes(api) {
      api.get("/items/{item_id}", { params: z.object({ item_id: integer() }) }, ({ params }) => ({
        item_id: params.item_id,
      }));
      api.post("/items", { body: z.object({ name: z.string() }) }, ({ body }) => body);
      api.get("/boom", {}, () => {
        throw new Error("password=hunter2 at db.internal:5432");
      });
      api.get("/boom-later", {}, () => Promise.reject(new Error("lost the connection")));
      api.get("/unserialisable", {}, () => ({ count: 10n }));
      api.get("/unserialisable-later", {}, () => Promise.resolve({ count: 10n }));
    },
  });
  const requestLines = () => lines.filter((line) => line.msg === "request completed");
  return { ...created, lines, requestLines };
}

describe("request logs", () => {
  it("writes one JSON line per request with method, route template, status and duration", async () => {
    const { app, requestLines } = service();
    const before = Date.now();
    await request(app).get("/items/5?q=x");
    await request(app).get("/items/abc");
    await request(app).get("/nowhere/at/all");

    expect(requestLines()).toEqual([
      expect.objectContaining({ method: "GET", route: "/items/:item_id", status: 200 }),
      expect.objectContaining({ method: "GET", route: "/items/:item_id", status: 422 }),
      expect.objectContaining({ method: "GET", route: "(unmatched)", status: 404 }),
    ]);
    for (const line of requestLines()) {
      expect(line.durationMs).toEqual(expect.any(Number));
      expect(line.level).toBe(30);
      expect(line.name).toBe("items");
      expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const time = Date.parse(line.time as string);
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(Date.now());
    }
  });

  it("keeps a valid incoming x-request-id, echoes it and logs it", async () => {
    const { app, requestLines } = service();
    const res = await request(app).get("/items/1").set("x-request-id", "trace-42.a:b");
    expect(res.headers["x-request-id"]).toBe("trace-42.a:b");
    expect(requestLines()[0]).toMatchObject({ requestId: "trace-42.a:b" });
  });

  it.each([["has spaces and\ttabs"], ["x".repeat(129)], ["<script>"]])(
    "replaces the unusable request id %j with a generated one",
    async (incoming) => {
      const { app, requestLines } = service();
      const res = await request(app).get("/items/1").set("x-request-id", incoming);
      const id = res.headers["x-request-id"] as string;
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(requestLines()[0]).toMatchObject({ requestId: id });
    },
  );

  it("generates a different id for each request without one", async () => {
    const { app } = service();
    const first = await request(app).get("/items/1");
    const second = await request(app).get("/items/1");
    expect(first.headers["x-request-id"]).not.toBe(second.headers["x-request-id"]);
  });

  it("never writes authorization headers or cookies", async () => {
    const { app, lines, logger } = service();
    await request(app)
      .get("/boom")
      .set("authorization", "Bearer top-secret-token")
      .set("cookie", "session=top-secret-cookie");
    // Whoever logs a request's or response's headers gets them censored.
    logger.info({ req: { headers: { authorization: "Bearer top-secret-token" } } }, "req");
    logger.info({ headers: { cookie: "session=top-secret-cookie", accept: "*/*" } }, "headers");
    logger.info({ res: { headers: { "set-cookie": "session=top-secret-cookie" } } }, "res");

    const text = JSON.stringify(lines);
    expect(text).not.toContain("top-secret");
    expect(lines.at(-2)).toMatchObject({ headers: { cookie: "[redacted]", accept: "*/*" } });
  });
});

describe("errors", () => {
  it("answers an unexpected error with a bare 500 and logs it with the request id", async () => {
    const { app, lines } = service();
    const res = await request(app).get("/boom").set("x-request-id", "req-500");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: "Internal Server Error" });
    expect(res.text).not.toMatch(/hunter2|db\.internal|at .*\.ts/);

    const error = lines.find((line) => line.msg === "unexpected error while handling a request");
    expect(error).toMatchObject({
      level: 50,
      requestId: "req-500",
      route: "/boom",
      err: expect.objectContaining({ message: "password=hunter2 at db.internal:5432" }),
    });
    expect(lines.at(-1)).toMatchObject({ requestId: "req-500", status: 500, level: 50 });
  });

  it.each([
    ["a handler's rejected promise", "/boom-later"],
    ["a result JSON cannot represent", "/unserialisable"],
    ["a promised result JSON cannot represent", "/unserialisable-later"],
  ])("answers %s with a 500 and logs it", async (_what, path) => {
    const { app, lines } = service();
    const res = await request(app).get(path);
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: "Internal Server Error" });
    const error = lines.find((line) => line.msg === "unexpected error while handling a request");
    expect(error).toMatchObject({ route: path, err: expect.any(Object) });
  });

  it("parses JSON bodies up to the configured limit", async () => {
    const { app } = service();
    const ok = await request(app).post("/items").send({ name: "chair" });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ name: "chair" });

    const malformed = await request(app)
      .post("/items")
      .set("content-type", "application/json")
      .send('{"name":');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({ detail: "Malformed JSON body" });

    const tooLarge = await request(app)
      .post("/items")
      .send({ name: "x".repeat(2000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body).toEqual({ detail: "Request body too large" });
  });
});

describe("metrics", () => {
  async function scrape(app: Parameters<typeof request>[0]) {
    const res = await request(app).get("/metrics");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text;
  }

  it("counts and times requests by method, route template and status", async () => {
    const { app } = service();
    await request(app).get("/items/1");
    await request(app).get("/items/2");
    await request(app).get("/items/oops");
    await request(app).delete("/items/1");
    const text = await scrape(app);
    expect(text).toContain(
      'http_requests_total{method="GET",route="/items/:item_id",status_code="200"} 2',
    );
    expect(text).toContain(
      'http_requests_total{method="DELETE",route="/items/:item_id",status_code="405"} 1',
    );
    expect(text).toContain(
      'http_requests_total{method="GET",route="/items/:item_id",status_code="422"} 1',
    );
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="/items/:item_id",status_code="200"} 2',
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/items\/:item_id",status_code="200"\} \d+$/m,
    );
    // Scraping reads the counts; it neither adds to them nor resets them.
    await request(app).get("/items/3");
    expect(await scrape(app)).toContain(
      'http_requests_total{method="GET",route="/items/:item_id",status_code="200"} 3',
    );
  });

  it("puts every unmatched path under one label, never the raw URL", async () => {
    const { app } = service();
    for (let i = 0; i < 20; i++) await request(app).get(`/scan/${i}/wp-login.php`);
    const text = await scrape(app);
    expect(text).toContain(
      'http_requests_total{method="GET",route="(unmatched)",status_code="404"} 20',
    );
    expect(text).not.toContain("/scan/");
  });

  it("includes Node's process metrics", async () => {
    const text = await scrape(service().app);
    for (const name of [
      "process_resident_memory_bytes",
      "process_cpu_seconds_total",
      "nodejs_eventloop_lag_seconds",
      "nodejs_heap_size_used_bytes",
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} `, "m"));
    }
  });
});

describe("security headers", () => {
  it("hides the framework and gives API answers OWASP's headers for APIs", async () => {
    const res = await request(service().app).get("/items/1");
    expect(res.headers["x-powered-by"]).toBeUndefined();
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(res.headers["content-security-policy"]).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
    // Document-only policies have no effect on JSON.
    expect(res.headers["cross-origin-opener-policy"]).toBeUndefined();
    expect(res.headers["x-frame-options"]).toBeUndefined();
    expect(res.headers["referrer-policy"]).toBeUndefined();
  });

  it("lets the /docs page load every script and stylesheet it refers to", async () => {
    const res = await request(service().app).get("/docs");
    const policy = new Map(
      (res.headers["content-security-policy"] as string).split(";").map((directive) => {
        const [name = "", ...sources] = directive.trim().split(/\s+/);
        return [name, sources] as const;
      }),
    );
    const allows = (directive: string, url: string) => {
      const sources = policy.get(directive) ?? policy.get("default-src") ?? [];
      if (url.startsWith("/")) return sources.includes("'self'");
      return sources.includes(new URL(url).origin) || sources.includes("https:");
    };
    const scripts = [...res.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]!);
    const styles = [...res.text.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(scripts).toEqual([`${SWAGGER_UI_CDN}/swagger-ui-bundle.js`, "/docs/swagger-init.js"]);
    expect(styles).toEqual([`${SWAGGER_UI_CDN}/swagger-ui.css`]);
    for (const url of scripts) expect(allows("script-src", url), url).toBe(true);
    for (const url of styles) expect(allows("style-src", url), url).toBe(true);
    expect(res.text).not.toMatch(/<script>/);
  });

  it.each([
    ["API answers", "/items/1", API_HELMET_OPTIONS],
    ["the /docs page", "/docs", DOCS_HELMET_OPTIONS],
  ])("sends %s exactly the headers helmet itself would send", async (_what, path, options) => {
    const app = (withHelmet: boolean) => {
      const bare = express();
      bare.disable("x-powered-by");
      if (withHelmet) bare.use(helmet(options));
      bare.get(path, (_req, res) => {
        res.json({});
      });
      return bare;
    };
    const plain = (await request(app(false)).get(path)).headers;
    const helmeted = (await request(app(true)).get(path)).headers;
    const fromHelmet = Object.keys(helmeted).filter((name) => !(name in plain));
    expect(fromHelmet).toContain("content-security-policy");
    const ours = (await request(service().app).get(path)).headers;
    for (const name of fromHelmet) expect(ours[name], name).toBe(helmeted[name]);
    // Any header either of the runtime's helmet sets could send.
    const helmetNames = new Set(
      [API_HELMET_OPTIONS, DOCS_HELMET_OPTIONS].flatMap((set) =>
        helmetHeaders(set).map(([name]) => name),
      ),
    );
    const extra = Object.keys(ours).filter((name) => helmetNames.has(name) && !(name in helmeted));
    expect(extra).toEqual([]);
  });
});
