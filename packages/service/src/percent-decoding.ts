// Express decodes each path parameter with decodeURIComponent, which throws on a malformed escape
// ("/items/%FF", "/items/%"): a 500. Starlette decodes the path as Python's unquote does: an
// escape that is not two hex digits stays as it is, bytes that are not UTF-8 become U+FFFD, and
// routing and validation go on (FastAPI answers 422 for an integer parameter, 200 for a string).

/** Runs of escapes, or a "%" that starts none. */
const ESCAPES = /(?:%[0-9A-Fa-f]{2})+|%/g;

function reencode(escapes: string): string {
  if (escapes === "%") return "%25";
  // Buffer's UTF-8 decoding replaces invalid bytes with U+FFFD as Python's errors="replace" does.
  const text = Buffer.from(escapes.replaceAll("%", ""), "hex").toString("utf8");
  return encodeURIComponent(text);
}

/** The URL with the escapes of its path rewritten, when one is malformed, to those of the text
 * Starlette would decode, so Express decodes that text; the URL itself otherwise. */
export function wellFormedPath(url: string): string {
  const queryAt = url.indexOf("?");
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  try {
    decodeURIComponent(path);
    return url;
  } catch {
    return path.replace(ESCAPES, reencode) + (queryAt === -1 ? "" : url.slice(queryAt));
  }
}
