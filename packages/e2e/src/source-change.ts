// A source change any app can take: one more route, so that which revision answers shows.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";

export const REVISION_ROUTE = "/e2e-revision";

/** Adds GET /e2e-revision answering {"revision": <revision>} to apps/<app>/src/app.ts. */
export async function addRevisionRoute(root: string, app: string, revision: string) {
  const file = path.join(root, "apps", app, "src", "app.ts");
  const source = await readFile(file, "utf8");
  if (!source.includes("routes(api) {")) {
    throw new Error(`${file} has no routes(api) { … } block to add a route to.`);
  }
  const route =
    `routes(api) {\n      api.get("${REVISION_ROUTE}", { summary: "Revision", ` +
    `response: z.object({ revision: z.string() }) }, () => ({ revision: ${JSON.stringify(revision)} }));\n`;
  await writeFile(file, source.replace("routes(api) {\n", route));
}
