import express from "express";
import createError from "http-errors";
import request from "supertest";
import { describe, expect, it, vi } from "vitest";
import { errorHandler, notFound } from "../src/error-handlers.js";
import { clientError } from "../src/fastapi-errors.js";

function appWith(onServerError = vi.fn()) {
  const app = express();
  app.use(express.json({ limit: "10b" }));
  app.post("/echo", (req, res) => {
    res.json(req.body);
  });
  app.get("/teapot", () => {
    throw clientError(418, "I'm a teapot", { "x-kind": "tea" });
  });
  app.get("/item", () => {
    throw createError(404, "Item not found");
  });
  app.get("/unavailable", () => {
    throw createError(503, "database connection string");
  });
  app.get("/boom", () => {
    throw new Error("secret connection string");
  });
  app.use(notFound);
  app.use(errorHandler(onServerError));
  return { app, onServerError };
}

describe("error handlers", () => {
  it("answers unknown paths with FastAPI's 404", async () => {
    const res = await request(appWith().app).get("/missing");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Not Found" });
  });

  it("passes a client error's status, detail and headers through", async () => {
    const res = await request(appWith().app).get("/teapot");
    expect(res.status).toBe(418);
    expect(res.body).toEqual({ detail: "I'm a teapot" });
    expect(res.headers["x-kind"]).toBe("tea");
  });

  it("answers a route's own http-errors 4xx with its message as the detail", async () => {
    const res = await request(appWith().app).get("/item");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Item not found" });
  });

  it("answers a route's http-errors 5xx as any failure: 500, message hidden, reported", async () => {
    const { app, onServerError } = appWith();
    const res = await request(app).get("/unavailable");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: "Internal Server Error" });
    expect(onServerError).toHaveBeenCalledWith(
      expect.objectContaining({ status: 503 }),
      expect.anything(),
      expect.anything(),
    );
  });

  it("answers a malformed JSON body with 400", async () => {
    const res = await request(appWith().app)
      .post("/echo")
      .set("content-type", "application/json")
      .send("{nope");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: "Malformed JSON body" });
  });

  it("answers a body over the limit with 413", async () => {
    const res = await request(appWith().app)
      .post("/echo")
      .send({ long: "x".repeat(100) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ detail: "Request body too large" });
  });

  it("hides an unexpected error's message and reports the error", async () => {
    const { app, onServerError } = appWith();
    const res = await request(app).get("/boom");
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ detail: "Internal Server Error" });
    expect(res.text).not.toContain("secret");
    expect(onServerError).toHaveBeenCalledWith(
      expect.objectContaining({ message: "secret connection string" }),
      expect.objectContaining({ path: "/boom" }),
      expect.objectContaining({ statusCode: 500 }),
    );
  });
});
