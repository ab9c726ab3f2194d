import { describe, expect, it } from "vitest";
import { z } from "zod";
import { validationDetails } from "../src/fastapi-errors.js";
import { integer, string } from "../src/request-params.js";

describe("request parameters", () => {
  const schema = z.object({ id: integer(), q: string().optional() });

  it("coerces integers as pydantic does", () => {
    expect(schema.parse({ id: "42" })).toEqual({ id: 42 });
    expect(schema.parse({ id: ["1", "2"], q: ["a", "b"] })).toEqual({ id: 2, q: "b" });
  });

  it("reports FastAPI's details for a bad integer and a missing field", () => {
    const bad = schema.safeParse({ id: "4.2" }, { reportInput: true });
    expect(bad.success).toBe(false);
    expect(validationDetails("query", bad.error!)).toEqual([
      { loc: ["query", "id"], msg: "value is not a valid integer", type: "type_error.integer" },
    ]);
    const missing = schema.safeParse({}, { reportInput: true });
    expect(validationDetails("query", missing.error!)).toEqual([
      { loc: ["query", "id"], msg: "field required", type: "value_error.missing" },
    ]);
  });
});
