import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { sendJson } from "../src/send-json.js";

function appSending(status: number, value: unknown) {
  const app = express();
  app.all("/", (_req, res) => {
    sendJson(res, status, value);
  });
  return app;
}

describe("sendJson", () => {
  it("answers with the JSON text, its length and FastAPI's content type", async () => {
    const res = await request(appSending(201, { name: "café", tags: ["a"] })).post("/");
    expect(res.status).toBe(201);
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.text).toBe('{"name":"café","tags":["a"]}');
    expect(Number(res.headers["content-length"])).toBe(Buffer.byteLength(res.text));
    expect(res.headers.etag).toBeUndefined();
  });

  it("keeps the headers the route set, except a content type of its own", async () => {
    const app = express();
    app.get("/", (_req, res) => {
      res.setHeader("content-type", "text/plain");
      res.setHeader("x-kind", "tea");
      sendJson(res, 200, { ok: true });
    });
    const res = await request(app).get("/");
    expect(res.headers["content-type"]).toBe("application/json");
    expect(res.headers["x-kind"]).toBe("tea");
    expect(res.body).toEqual({ ok: true });
  });

  it("answers undefined as null, as FastAPI answers None", async () => {
    const res = await request(appSending(200, undefined)).get("/");
    expect(res.text).toBe("null");
  });

  it("sends no body and no content headers with a 204", async () => {
    const res = await request(appSending(204, { ignored: true })).get("/");
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(res.headers["content-type"]).toBeUndefined();
    expect(res.headers["content-length"]).toBeUndefined();
  });

  it("sends the headers but no body to a HEAD request", async () => {
    const res = await request(appSending(200, { item_id: 5 })).head("/");
    expect(res.status).toBe(200);
    expect(res.headers["content-length"]).toBe(String('{"item_id":5}'.length));
    expect(res.text).toBeUndefined();
  });
});
