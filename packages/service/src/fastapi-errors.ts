// Error bodies in FastAPI's shapes: {"detail": "..."} for HTTP errors and
// {"detail": [{loc, msg, type}]} for request validation (422).
import createError, { type HttpError } from "http-errors";
import type { z } from "zod";

export type RequestPart = "path" | "query" | "body" | "header";

export interface ValidationDetail {
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** pydantic's error type for each kind of zod issue, where the two have one. */
function errorType(issue: z.core.$ZodIssue): string {
  if (issue.code === "custom" && typeof issue.params?.type === "string") return issue.params.type;
  if (issue.code === "invalid_type") {
    if (issue.input === undefined) return "value_error.missing";
    switch (issue.expected) {
      case "number":
        return "type_error.float";
      case "string":
        return "type_error.str";
      case "boolean":
        return "type_error.bool";
      case "object":
        return "type_error.dict";
      default:
        return `type_error.${issue.expected}`;
    }
  }
  if (issue.code === "too_small" || issue.code === "too_big")
    return `value_error.number.${issue.code}`;
  return `value_error.${issue.code}`;
}

function message(issue: z.core.$ZodIssue): string {
  if (issue.code !== "invalid_type") return issue.message;
  if (issue.input === undefined) return "field required";
  return issue.expected === "object" ? "value is not a valid dict" : issue.message;
}

export function validationDetails(part: RequestPart, error: z.ZodError): ValidationDetail[] {
  return error.issues.map((issue) => ({
    loc: [part, ...issue.path.map((key) => (typeof key === "symbol" ? String(key) : key))],
    msg: message(issue),
    type: errorType(issue),
  }));
}

/** An error whose status, detail and headers are meant for the client: the error handler
 * answers it with `{"detail": detail}`, as FastAPI answers an HTTPException. */
export function clientError(
  status: number,
  detail: unknown,
  headers?: Record<string, string>,
): HttpError {
  return createError(status, { detail, ...(headers && { headers }) });
}
