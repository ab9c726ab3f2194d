// Helmet's default security headers, with a Content-Security-Policy that still lets the /docs
// page load Swagger UI from its CDN.
import type { RequestHandler } from "express";
import helmet from "helmet";
import { SWAGGER_UI_CDN } from "./swagger-ui.js";

const CDN_ORIGIN = new URL(SWAGGER_UI_CDN).origin;

export function securityHeaders(): RequestHandler {
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
