// Every request carries an id, taken from the caller (an ingress or another service) when it
// sent a usable one, so one id follows a request across services' logs.
import { randomUUID } from "node:crypto";
import type { Response } from "express";

export const REQUEST_ID_HEADER = "x-request-id";

// Short printable tokens only: the value is echoed in a header and written to logs.
const VALID_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/** The caller's id when it is usable, a new UUID otherwise. */
export function resolveRequestId(incoming: string | string[] | undefined): string {
  return typeof incoming === "string" && VALID_ID.test(incoming) ? incoming : randomUUID();
}

export function requestIdOf(res: Response): string | undefined {
  const id: unknown = res.locals.requestId;
  return typeof id === "string" ? id : undefined;
}
