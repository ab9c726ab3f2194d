// The route a request matched, as declared ("/items/:item_id"), never the raw URL: logs and
// metrics group by it, and a label per distinct URL would grow without bound.
import type { Request } from "express";

/** The label of every request that matched no route (404s, scans, typos). */
export const UNMATCHED_ROUTE = "(unmatched)";

export function routeTemplate(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  return typeof route?.path === "string" ? req.baseUrl + route.path : UNMATCHED_ROUTE;
}
