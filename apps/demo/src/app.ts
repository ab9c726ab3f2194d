// The tutorial's FastAPI example (two routes), with the same HTTP contract.
import { type Service, type ServiceOptions, createService, integer, string } from "@repo/service";
import { z } from "zod";

export function createApp(options: Pick<ServiceOptions, "config" | "logger"> = {}): Service {
  return createService({
    name: "demo",
    version: "0.1.0",
    ...options,
    routes(api) {
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
    },
  });
}
