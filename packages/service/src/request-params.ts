// Schemas for path and query parameters that coerce strings the way FastAPI (pydantic) does,
// so a client of a FastAPI service sees the same answers from its Express port.
import { z } from "zod";

/** The last value wins when a query parameter is repeated, as in FastAPI. */
function lastValue(value: unknown): unknown {
  return Array.isArray(value) ? value.at(-1) : value;
}

const INTEGER_TEXT = /^\s*[+-]?\d+(_\d+)*\s*$/;

/** An integer parameter: "5", " 5", "+5" and "1_000" parse, "5.0" and "foo" do not. */
export function integer() {
  return z.preprocess((value, ctx) => {
    const text = lastValue(value);
    if (text === undefined || typeof text === "number") return text;
    if (typeof text === "string" && INTEGER_TEXT.test(text)) {
      return Number(text.replaceAll("_", ""));
    }
    ctx.addIssue({
      code: "custom",
      message: "value is not a valid integer",
      params: { type: "type_error.integer" },
      input: text,
    });
    return z.NEVER;
  }, z.int());
}

/** A string parameter. */
export function string() {
  return z.preprocess(lastValue, z.string({ error: "str type expected" }));
}
