import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";

const { app } = createApp({ config: { logLevel: "silent" } });

describe("the tutorial's contract", () => {
  it("GET / says hello", async () => {
    const res = await request(app).get("/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.text).toBe('{"Hello":"World"}');
  });

  it("GET /items/5?q=somequery echoes both", async () => {
    const res = await request(app).get("/items/5?q=somequery");
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"item_id":5,"q":"somequery"}');
  });

  it("GET /items/5 has a null q", async () => {
    const res = await request(app).get("/items/5");
    expect(res.status).toBe(200);
    expect(res.text).toBe('{"item_id":5,"q":null}');
  });

  it.each([
    ["+7", 7],
    [" 12", 12],
    ["1_000", 1000],
    ["-3", -3],
  ])("parses the integer %j as FastAPI does", async (raw, expected) => {
    const res = await request(app).get(`/items/${encodeURIComponent(raw)}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ item_id: expected, q: null });
  });

  it("keeps the last q when it is repeated", async () => {
    const res = await request(app).get("/items/1?q=a&q=b");
    expect(res.body).toEqual({ item_id: 1, q: "b" });
  });

  it.each(["foo", "5.0", "1e3", ""])("refuses the item id %j with a 422", async (raw) => {
    const res = await request(app).get(`/items/${raw || "%20"}`);
    expect(res.status).toBe(422);
    expect(res.body).toEqual({
      detail: [
        {
          loc: ["path", "item_id"],
          msg: "value is not a valid integer",
          type: "type_error.integer",
        },
      ],
    });
  });

  it("answers an unknown path with 404", async () => {
    const res = await request(app).get("/nope");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not Found" });
  });

  it("answers a known path with a wrong method with 405 and Allow", async () => {
    const res = await request(app).post("/items/5");
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ detail: "Method Not Allowed" });
    expect(res.headers.allow).toBe("GET");
  });
});

describe("generated documentation", () => {
  it("serves an OpenAPI document built from the validating schemas", async () => {
    const res = await request(app).get("/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body as {
      openapi: string;
      paths: Record<
        string,
        { get: { parameters: { name: string; in: string; schema: unknown }[] } }
      >;
    };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths).sort()).toEqual(["/", "/items/{item_id}"]);
    const parameters = doc.paths["/items/{item_id}"]!.get.parameters;
    expect(parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: "item_id",
          in: "path",
          schema: expect.objectContaining({ type: "integer" }),
        }),
        expect.objectContaining({
          name: "q",
          in: "query",
          schema: expect.objectContaining({ type: "string" }),
        }),
      ]),
    );
  });

  it("serves the Swagger UI page for it", async () => {
    const page = await request(app).get("/docs");
    expect(page.status).toBe(200);
    expect(page.headers["content-type"]).toMatch(/^text\/html/);
    expect(page.text).toContain("swagger-ui-bundle.js");
    const init = await request(app).get("/docs/swagger-init.js");
    expect(init.text).toContain('url: "/openapi.json"');
  });
});
