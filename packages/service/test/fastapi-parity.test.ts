// Edges where Express and FastAPI answer differently by default; each expectation is what
// FastAPI 0.92 (the tutorial's, pydantic 1) answers for the same app.
import request from "supertest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../src/logger.js";
import { integer, string } from "../src/request-params.js";
import { createService } from "../src/service.js";

function service() {
  const { app } = createService({
    name: "parity",
    version: "1.0.0",
    logger: createLogger({ name: "parity", level: "silent" }),
    routes(api) {
      api.get(
        "/items/{item_id}",
        { params: z.object({ item_id: integer() }), query: z.object({ q: string().optional() }) },
        ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null }),
      );
      api.post("/items", { body: z.object({ name: z.string() }) }, ({ body }) => body);
      api.get("/things/", {}, () => ["thing"]);
    },
  });
  return app;
}

const METHOD_NOT_ALLOWED = { detail: "Method Not Allowed" };

describe("routing as FastAPI routes", () => {
  it("matches paths case-sensitively", async () => {
    const res = await request(service()).get("/ITEMS/5");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not Found" });
  });

  it.each([
    ["GET", "/items/5/", "/items/5"],
    ["GET", "/items/5//?q=a", "/items/5?q=a"],
    ["POST", "/items/", "/items"],
    // As Starlette: a path whose route has other methods redirects too.
    ["GET", "/items/", "/items"],
    ["GET", "/things", "/things/"],
    ["GET", "/healthz/", "/healthz"],
    ["GET", "/openapi.json/", "/openapi.json"],
  ])("redirects %s %s to %s with a 307 and no body", async (method, path, location) => {
    const res = await request(service())[method === "GET" ? "get" : "post"](path);
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe(location);
    expect(res.headers["content-length"]).toBe("0");
  });

  it.each(["/nothing/", "//items/5"])("answers %s, near no route, with 404", async (path) => {
    expect((await request(service()).get(path)).status).toBe(404);
  });

  it("takes the last of a query parameter's values, however often it is repeated", async () => {
    const query = Array.from({ length: 1500 }, (_, i) => `q=${i + 1}`).join("&");
    const res = await request(service()).get(`/items/5?${query}`);
    expect(res.body).toEqual({ item_id: 5, q: "1500" });
  });
});

describe("methods a path does not have", () => {
  it.each([
    ["POST", "/healthz"],
    ["OPTIONS", "/healthz"],
    ["DELETE", "/readyz"],
    ["POST", "/metrics"],
    ["PUT", "/openapi.json"],
    ["OPTIONS", "/items/5"],
    ["DELETE", "/items/5"],
  ])("%s %s: 405, with the path's methods in Allow as FastAPI lists them", async (method, path) => {
    const res = await request(service())[method.toLowerCase() as "post"](path);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe("GET");
    expect(res.body).toEqual(METHOD_NOT_ALLOWED);
  });

  it("lists every method of a path with several", async () => {
    const res = await request(service()).delete("/items");
    expect(res.headers.allow).toBe("POST");
  });

  // A deliberate difference: FastAPI answers HEAD with 405; HTTP has every GET answer HEAD too.
  it.each(["/items/5", "/healthz"])("answers HEAD %s as GET, without a body", async (path) => {
    const res = await request(service()).head(path);
    expect(res.status).toBe(200);
    expect(res.text).toBeUndefined();
  });
});

describe("request bodies", () => {
  it.each([["5"], ['"chair"'], ["true"], ["[]"]])(
    "refuses the JSON %s where an object is expected with FastAPI's 422",
    async (body) => {
      const res = await request(service())
        .post("/items")
        .set("content-type", "application/json")
        .send(body);
      expect(res.status).toBe(422);
      expect(res.body).toEqual({
        detail: [{ loc: ["body"], msg: "value is not a valid dict", type: "type_error.dict" }],
      });
    },
  );

  // A deliberate difference: FastAPI reads any body as UTF-8 whatever its declared charset.
  it("refuses a charset it cannot read with 415, naming it and what to send", async () => {
    const res = await request(service())
      .post("/items")
      .set("content-type", "application/json; charset=bogus")
      .send('{"name":"chair"}');
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      detail: 'Unsupported charset "bogus": send the JSON body in UTF-8',
    });
  });
});
