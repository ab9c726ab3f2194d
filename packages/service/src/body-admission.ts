// What the bodies being received may hold together, and how long one may take to arrive. A
// client can open many connections that each send a head and then a body slowly, just under
// the limit: each would hold its buffered body until the request timed out. Behind an ingress
// that buffers bodies (nginx does by default) bodies arrive whole and at once; exposed directly,
// the service bounds them itself.
import bytes from "bytes";
import type { RequestHandler } from "express";
import { sendJson } from "./send-json.js";

export interface BodyAdmissionOptions {
  /** The largest body: larger ones are refused by the parser (413) before being read. */
  limit: string;
  /** What all the bodies being received or handled at once may hold. */
  totalLimit: string;
  /** The longest a body may take to arrive once the request reached its route. */
  timeoutMs: number;
}

/** Runs before a route's body parser: reserves the body's size until the response is done,
 * refusing it with 503 when the total would pass its limit, and answers 408 when the body has
 * not arrived in time. Both close the connection, whose body is not read. */
export function bodyAdmission({
  limit,
  totalLimit,
  timeoutMs,
}: BodyAdmissionOptions): RequestHandler {
  const largest = bytes.parse(limit)!;
  const total = bytes.parse(totalLimit)!;
  let held = 0;
  return (req, res, next) => {
    const declared = req.headers["content-length"];
    // A chunked body may hold up to the limit; a declared size over it is the parser's 413.
    const size =
      req.headers["transfer-encoding"] !== undefined
        ? largest
        : Math.min(Number(declared ?? 0) || 0, largest);
    if (size === 0) {
      next();
      return;
    }
    if (held + size > total) {
      res.setHeader("connection", "close");
      res.setHeader("retry-after", "1");
      sendJson(res, 503, { detail: "Too many request bodies in progress: retry shortly" });
      return;
    }
    held += size;
    const timer = req.complete
      ? undefined
      : setTimeout(() => {
          if (req.complete || res.headersSent) return;
          res.setHeader("connection", "close");
          sendJson(res, 408, {
            detail: `Request body not received within ${timeoutMs / 1000} s`,
          });
        }, timeoutMs);
    res.once("close", () => {
      held -= size;
      clearTimeout(timer);
    });
    next();
  };
}
