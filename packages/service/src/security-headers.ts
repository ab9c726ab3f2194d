// Helmet's default security headers, with a Content-Security-Policy that still lets the /docs
// page load Swagger UI from its CDN.
import type { RequestHandler, Response } from "express";
import helmet from "helmet";
import { SWAGGER_UI_CDN } from "./swagger-ui.js";

const CDN_ORIGIN = new URL(SWAGGER_UI_CDN).origin;

/** Helmet itself, as configured for services: the reference for the headers they send. */
export function helmetSecurityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        "script-src": ["'self'", CDN_ORIGIN],
        "style-src": ["'self'", CDN_ORIGIN],
        // Services are often tried over plain http on localhost, where upgrading the page's
        // own requests to https would break /docs; TLS is the ingress's job.
        "upgrade-insecure-requests": null,
      },
    },
    // Headers for long-gone browser features (IE8 downloads, Flash, the XSS auditor, DNS
    // prefetch): each is a few bytes more on every response for no protection today.
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    originAgentCluster: false,
  });
}

/** The headers helmet sets, captured once by running it on a stand-in response. Its values
 * depend only on its options, never on the request. */
export function helmetHeaders(): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader(name: string, value: string) {
      headers.push([name, value]);
    },
    removeHeader() {
      // X-Powered-By: the app never sets it (x-powered-by is disabled).
    },
  };
  let failure: unknown;
  helmetSecurityHeaders()({} as never, res as unknown as Response, (error?: unknown) => {
    failure = error;
  });
  if (failure !== undefined) throw new Error("helmet rejected its options", { cause: failure });
  return headers;
}

/** Helmet runs a chain of eight middlewares on every request; the same headers from one list
 * computed at startup cost a loop of setHeader calls. */
export function securityHeaders(): RequestHandler {
  const headers = helmetHeaders();
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
}
