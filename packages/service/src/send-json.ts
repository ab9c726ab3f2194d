// Writes a route's result as its JSON answer. Express's res.json also sets a charset, parses
// the content type back, hashes the body for an ETag and checks request freshness on every
// call; an API answer needs none of that, and FastAPI's answers carry none of it either.
import type { Response } from "express";

/** Statuses whose responses have no body, so no content headers either. */
const NO_BODY = new Set([204, 304]);

export function sendJson(res: Response, status: number, value: unknown): void {
  if (NO_BODY.has(status)) {
    res.writeHead(status);
    res.end();
    return;
  }
  // JSON.stringify returns undefined for undefined; FastAPI answers None with null.
  const body = JSON.stringify(value) ?? "null";
  // The whole head in one call: Node checks the headers given to writeHead once, where each
  // header set beforehand is checked twice (and the runtime adds its own to this list).
  res.writeHead(status, [
    "content-type",
    "application/json",
    "content-length",
    Buffer.byteLength(body),
  ]);
  res.end(body);
}
