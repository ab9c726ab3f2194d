// Starlette's redirect_slashes: a path that matches no route, but would with its trailing
// slashes removed (or with one added), is redirected there with a 307, which keeps the method
// and body. Express itself would either answer both paths or neither.
import type { RequestHandler } from "express";

export function redirectSlashes(hasRoute: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    const other = path.endsWith("/") ? path.replace(/\/+$/, "") : `${path}/`;
    // "//host" would send the client to another site.
    if (path === "/" || other === "" || other.startsWith("//") || !hasRoute(other)) {
      next();
      return;
    }
    const queryAt = req.url.indexOf("?");
    // A path, not an absolute URL: behind the Ingress, the scheme and host the client used are
    // not those of the request the app sees.
    const location = queryAt === -1 ? other : other + req.url.slice(queryAt);
    res.writeHead(307, ["location", location, "content-length", "0"]);
    res.end();
  };
}
