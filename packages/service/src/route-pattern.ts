// Whether a path matches a route's template ("/items/{item_id}"), as Express matches the route
// that template declares: case included, no trailing slash, a parameter being one segment.

export function routePattern(template: string): RegExp {
  const parts = template.split(/\{[A-Za-z_][A-Za-z0-9_]*\}/);
  const literal = parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${literal.join("[^/]+")}$`);
}
