import request from "supertest";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../src/logger.js";
import { integer } from "../src/request-params.js";
import { createService } from "../src/service.js";

type Line = Record<string, unknown>;

function service() {
  const lines: Line[] = [];
  const { app } = createService({
    name: "escapes",
    version: "1.0.0",
    logger: createLogger({
      name: "escapes",
      destination: { write: (line: string) => lines.push(JSON.parse(line) as Line) },
    }),
    routes(api) {
      api.get("/items/{item_id}", { params: z.object({ item_id: integer() }) }, ({ params }) => ({
        item_id: params.item_id,
      }));
      api.get("/names/{name}", { params: z.object({ name: z.string() }) }, ({ params }) => params);
    },
  });
  return { app, lines };
}

const NOT_AN_INTEGER = {
  detail: [
    { loc: ["path", "item_id"], msg: "value is not a valid integer", type: "type_error.integer" },
  ],
};

describe("malformed percent-encoding in a path", () => {
  it.each(["/items/%FF", "/items/%", "/items/%E2%82", "/items/%zz"])(
    "%s is the client's error, FastAPI's 422, logged below error level",
    async (path) => {
      const { app, lines } = service();
      const res = await request(app).get(path);
      expect(res.status).toBe(422);
      expect(res.body).toEqual(NOT_AN_INTEGER);
      expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
      expect(lines.at(-1)).toMatchObject({ route: "/items/:item_id", status: 422, level: 30 });
    },
  );

  it.each([
    ["/names/%FF", "\uFFFD"],
    ["/names/%", "%"],
    ["/names/%E2%82%", "\uFFFD%"],
    ["/names/caf%C3%A9%FF", "café\uFFFD"],
    ["/names/a%2Fb%", "a/b%"],
  ])("%s decodes as Starlette decodes it", async (path, name) => {
    const res = await request(service().app).get(path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ name });
  });

  it("leaves well-formed escapes and the query alone", async () => {
    const res = await request(service().app).get("/names/caf%C3%A9%2F?q=%");
    expect(res.body).toEqual({ name: "café/" });
  });
});
