// The runtime's own GET endpoints: health probes, metrics, the API's documents. Every other
// request skips all of them with one lookup of its path, rather than Express trying each
// route's pattern in turn before reaching the service's routes.
import express, { type RequestHandler } from "express";
import { clientError } from "./fastapi-errors.js";

/** Where the runtime's parts declare their endpoints. */
export interface GetRoutes {
  get(path: string, ...handlers: RequestHandler[]): void;
}

export class RuntimeRoutes implements GetRoutes {
  private readonly router = express.Router({ caseSensitive: true, strict: true });
  private readonly paths = new Set<string>();

  /** A fixed path (no parameters), matched exactly: case and trailing slash included. */
  get(path: string, ...handlers: RequestHandler[]): void {
    this.paths.add(path);
    this.router.get(path, ...handlers);
  }

  has(path: string): boolean {
    return this.paths.has(path);
  }

  /** Other methods are refused as the API's routes refuse them: 405, and the methods of the
   * path in Allow (HEAD, answered wherever GET is, not listed, as FastAPI lists it nowhere). */
  middleware(): RequestHandler {
    return (req, res, next) => {
      if (!this.paths.has(req.path)) next();
      else if (req.method === "GET" || req.method === "HEAD") this.router(req, res, next);
      else next(clientError(405, "Method Not Allowed", { allow: "GET" }));
    };
  }
}
