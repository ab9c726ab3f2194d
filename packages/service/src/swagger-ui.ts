// The /docs page: Swagger UI loaded from a CDN, as FastAPI serves it, but an exact version
// whose files the browser checks against their hashes (Subresource Integrity): what the CDN
// serves cannot run in the page unless it is that release. Not served from the package itself:
// apps are bundled into one file, and the image has no node_modules to serve it from.
/** swagger-ui-dist's version in the catalog; a test checks the hashes against its files. */
export const SWAGGER_UI_VERSION = "5.35.0";
export const SWAGGER_UI_CDN = `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${SWAGGER_UI_VERSION}`;
export const SWAGGER_UI_INTEGRITY = {
  "swagger-ui-bundle.js": "sha384-gjRm0bEPMeTmMh5jT2cHccIwCUZSTd8YC+j0d0sXw0MdGEfScduGpSyF3ZSSLkX9",
  "swagger-ui.css": "sha384-WlYgdmXYOOBWL5apwjDEZwN+U3HmXSSu5R6V5aGxEcf7z+KuRNwBhoxKVN1i3D5I",
} as const;

/** The attributes that load a file of the release, checked against its hash. */
function pinned(attribute: "src" | "href", file: keyof typeof SWAGGER_UI_INTEGRITY): string {
  return `${attribute}="${SWAGGER_UI_CDN}/${file}" integrity="${SWAGGER_UI_INTEGRITY[file]}" crossorigin="anonymous"`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function swaggerUiHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} - Swagger UI</title>
<link rel="stylesheet" ${pinned("href", "swagger-ui.css")}>
</head>
<body>
<div id="swagger-ui"></div>
<script ${pinned("src", "swagger-ui-bundle.js")}></script>
<script src="/docs/swagger-init.js"></script>
</body>
</html>
`;
}

/** Kept out of the page so a Content-Security-Policy without 'unsafe-inline' allows it. */
export function swaggerInitScript(openApiUrl: string): string {
  return `SwaggerUIBundle({
  url: ${JSON.stringify(openApiUrl)},
  dom_id: "#swagger-ui",
  layout: "BaseLayout",
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
});
`;
}
