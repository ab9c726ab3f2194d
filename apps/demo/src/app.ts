// The tutorial's FastAPI example (two routes), with the same HTTP contract.
import { createApiRouter } from "@repo/service/api-router";
import { errorHandler, notFound } from "@repo/service/error-handlers";
import { integer, string } from "@repo/service/request-params";
import express, { type Express } from "express";
import { z } from "zod";

export function createApp(): Express {
  const api = createApiRouter({ title: "demo", version: "0.1.0" });

  api.get("/", { summary: "Read Root", response: z.object({ Hello: z.string() }) }, () => ({
    Hello: "World",
  }));

  api.get(
    "/items/{item_id}",
    {
      summary: "Read Item",
      params: z.object({ item_id: integer() }),
      query: z.object({ q: string().optional() }),
      response: z.object({ item_id: z.int(), q: z.string().nullable() }),
    },
    ({ params, query }) => ({ item_id: params.item_id, q: query.q ?? null }),
  );

  const app = express();
  app.disable("x-powered-by");
  app.use(api.router);
  app.use(notFound);
  app.use(errorHandler((error) => process.stderr.write(`${String(error)}\n`)));
  return app;
}
