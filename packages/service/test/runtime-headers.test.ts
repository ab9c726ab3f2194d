import { type IncomingHttpHeaders, request as httpRequest, Agent } from "node:http";
import type { AddressInfo } from "node:net";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { API_HELMET_OPTIONS, helmetHeaders } from "../src/security-headers.js";
import { createService } from "../src/service.js";

const SECURITY = helmetHeaders(API_HELMET_OPTIONS);

function service() {
  return createService({
    name: "headers",
    version: "1.0.0",
    logger: createLogger({ name: "headers", destination: { write() {} } }),
    routes(api) {
      api.get("/json", {}, () => ({ ok: true }));
      api.get("/json-with-own-headers", {}, ({ res }) => {
        res.setHeader("strict-transport-security", "max-age=60");
        res.setHeader("content-type", "text/plain");
        res.setHeader("x-kind", "own");
        return { ok: true };
      });
      api.get("/created", { status: 201 }, () => ({ id: 1 }));
      api.get("/nothing", { status: 204 }, () => undefined);
      api.router.get("/text", (_req, res) => {
        res.send("plain text");
      });
      api.router.get("/head-as-object", (_req, res) => {
        res.writeHead(202, { "Content-Security-Policy": "default-src 'self'" }).end();
      });
      api.router.get("/head-as-list", (_req, res) => {
        res.writeHead(200, ["X-Request-Id", "chosen-by-route", "content-type", "text/plain"]);
        res.end("listed");
      });
      api.router.get("/fails", () => {
        throw new Error("boom");
      });
    },
  });
}

/** Every runtime header once, with the runtime's value unless the route set its own. */
function expectRuntimeHeaders(headers: IncomingHttpHeaders, own: Record<string, string> = {}) {
  expect(headers["x-request-id"]).toEqual(own["x-request-id"] ?? expect.any(String));
  // Node joins a repeated header's values with ", ": equality also proves it came once.
  for (const [name, value] of SECURITY) expect(headers[name], name).toBe(own[name] ?? value);
}

describe("runtime headers", () => {
  it.each([
    ["a JSON answer", "/json", 200],
    ["a JSON answer with another status", "/created", 201],
    ["an answer without a body", "/nothing", 204],
    ["a route answering through Express", "/text", 200],
    ["an unknown path", "/missing", 404],
    ["a method the path does not have", "/json", 405],
    ["an unexpected error", "/fails", 500],
    ["the liveness probe", "/healthz", 200],
    ["the metrics", "/metrics", 200],
  ])("come with %s", async (_what, path, status) => {
    const app = service().app;
    const res = await (status === 405 ? request(app).delete(path) : request(app).get(path));
    expect(res.status).toBe(status);
    expectRuntimeHeaders(res.headers);
  });

  it("echo the caller's request id", async () => {
    const res = await request(service().app).get("/json").set("x-request-id", "abc-123");
    expectRuntimeHeaders(res.headers, { "x-request-id": "abc-123" });
  });

  it("leave the route's own values in place, whichever way it sets them", async () => {
    const app = service().app;
    const own = await request(app).get("/json-with-own-headers");
    expectRuntimeHeaders(own.headers, { "strict-transport-security": "max-age=60" });
    expect(own.headers["x-kind"]).toBe("own");
    expect(own.headers["content-type"]).toBe("application/json");
    expect(own.body).toEqual({ ok: true });

    const asObject = await request(app).get("/head-as-object");
    expect(asObject.status).toBe(202);
    expectRuntimeHeaders(asObject.headers, { "content-security-policy": "default-src 'self'" });

    const asList = await request(app).get("/head-as-list");
    expectRuntimeHeaders(asList.headers, { "x-request-id": "chosen-by-route" });
    expect(asList.text).toBe("listed");
  });

  describe("while the service drains", () => {
    let close = () => {};
    afterEach(() => close());

    it("tell keep-alive clients to reconnect elsewhere", async () => {
      const created = service();
      const server = created.app.listen(0);
      const agent = new Agent({ keepAlive: true });
      close = () => {
        agent.destroy();
        server.close();
      };
      await new Promise((resolve) => server.once("listening", resolve));
      const { port } = server.address() as AddressInfo;
      const get = (path: string) =>
        new Promise<IncomingHttpHeaders>((resolve, reject) => {
          httpRequest({ port, path, agent }, (res) => {
            res.resume();
            res.on("end", () => resolve(res.headers));
          })
            .on("error", reject)
            .end();
        });

      expect((await get("/json")).connection).toBe("keep-alive");
      created.health.markStopping();
      for (const path of ["/json", "/text", "/missing"]) {
        const headers = await get(path);
        expect(headers.connection, path).toBe("close");
        expectRuntimeHeaders(headers);
      }
    });
  });
});
