// The /docs page: Swagger UI loaded from a CDN, as FastAPI serves it.
// The major version only, as FastAPI pins it.
export const SWAGGER_UI_VERSION = "5";
export const SWAGGER_UI_CDN = `https://cdn.jsdelivr.net/npm/swagger-ui-dist@${SWAGGER_UI_VERSION}`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function swaggerUiHtml(title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} - Swagger UI</title>
<link rel="stylesheet" href="${SWAGGER_UI_CDN}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${SWAGGER_UI_CDN}/swagger-ui-bundle.js"></script>
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
