import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";
import { createService } from "../src/service.js";
import { SWAGGER_UI_CDN, SWAGGER_UI_INTEGRITY, SWAGGER_UI_VERSION } from "../src/swagger-ui.js";

const dist = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));

function service(apiDocs?: boolean) {
  return createService({
    name: "docs",
    version: "1.0.0",
    logger: createLogger({ name: "docs", level: "silent" }),
    ...(apiDocs !== undefined && { config: { apiDocs } }),
    routes: () => undefined,
  }).app;
}

describe("the /docs page", () => {
  it("loads one exact Swagger UI release, each file checked against its hash", async () => {
    const version = (
      JSON.parse(readFileSync(join(dist, "package.json"), "utf8")) as { version: string }
    ).version;
    expect(SWAGGER_UI_VERSION).toBe(version);
    const page = (await request(service()).get("/docs")).text;
    for (const [file, integrity] of Object.entries(SWAGGER_UI_INTEGRITY)) {
      const hash = createHash("sha384")
        .update(readFileSync(join(dist, file)))
        .digest("base64");
      expect(integrity, file).toBe(`sha384-${hash}`);
      expect(page).toContain(
        `="${SWAGGER_UI_CDN}/${file}" integrity="${integrity}" crossorigin="anonymous"`,
      );
    }
    expect(page.match(/https:/g)).toHaveLength(2);
  });

  it.each(["/docs", "/docs/swagger-init.js", "/openapi.json"])(
    "%s is served only when the API's documents are",
    async (path) => {
      expect((await request(service(false)).get(path)).status).toBe(404);
      expect((await request(service(true)).get(path)).status).toBe(200);
    },
  );
});
