// Security headers from helmet, in two sets: one for the API's JSON answers and one for the
// /docs page, the only HTML a service serves.
import type { RequestHandler, Response } from "express";
import helmet, { type HelmetOptions } from "helmet";
import { SWAGGER_UI_CDN } from "./swagger-ui.js";

const CDN_ORIGIN = new URL(SWAGGER_UI_CDN).origin;

// Headers for long-gone browser features (IE8 downloads, Flash, the XSS auditor, DNS
// prefetch): each is a few bytes more on every response for no protection today.
const OBSOLETE = {
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
  originAgentCluster: false,
} as const satisfies HelmetOptions;

/** OWASP's REST Security Cheat Sheet for every API response, without its duplicates: the
 * Content-Security-Policy lets nothing in the answer load and nothing frame it (which
 * X-Frame-Options only repeats for browsers older than CSP 2), HTTPS only, no MIME sniffing
 * (with which browsers already refuse JSON to other sites' <script> and <img>, the case
 * Cross-Origin-Resource-Policy covers). Opener and referrer policies only mean something for
 * documents. Every header is a cost on every answer. */
export const API_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { "default-src": ["'none'"], "frame-ancestors": ["'none'"] },
  },
  xFrameOptions: false,
  crossOriginResourcePolicy: false,
  crossOriginOpenerPolicy: false,
  referrerPolicy: false,
  ...OBSOLETE,
};

/** Helmet's defaults for documents, with a Content-Security-Policy that lets the /docs page
 * load Swagger UI from its CDN. */
export const DOCS_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      "script-src": ["'self'", CDN_ORIGIN],
      "style-src": ["'self'", CDN_ORIGIN],
      // Services are often tried over plain http on localhost, where upgrading the page's
      // own requests to https would break /docs; TLS is the ingress's job.
      "upgrade-insecure-requests": null,
    },
  },
  ...OBSOLETE,
};

export type HeaderList = readonly (readonly [string, string])[];

/** The headers helmet sets with these options, captured once by running it on a stand-in
 * response: its values depend only on its options, never on the request, and helmet itself
 * runs a chain of middlewares on every request where a list costs a loop of setHeader. */
export function helmetHeaders(options: HelmetOptions): HeaderList {
  const headers: [string, string][] = [];
  const res = {
    // Lower case, as Node keeps them: nothing to convert on each request, and runtime-headers.ts
    // compares them with the names a route gives.
    setHeader(name: string, value: string) {
      headers.push([name.toLowerCase(), value]);
    },
    removeHeader() {
      // X-Powered-By: the app never sets it (x-powered-by is disabled).
    },
  };
  let failure: unknown;
  helmet(options)({} as never, res as unknown as Response, (error?: unknown) => {
    failure = error;
  });
  if (failure !== undefined) throw new Error("helmet rejected its options", { cause: failure });
  return headers;
}

export function setHeaders(res: Response, headers: HeaderList): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}

/** For the routes that serve HTML: the document's set, set before the head is written, so
 * the runtime adds none of the API's set over it (every API header is also a document one). */
export function documentHeaders(): RequestHandler {
  const docs = helmetHeaders(DOCS_HELMET_OPTIONS);
  return (_req, res, next) => {
    setHeaders(res, docs);
    next();
  };
}
