// Every app with a Dockerfile: its image builds from the repository root and runs as
// production runs it. Broken fixture images prove each check can fail, and why.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { appFiles, appsWithDockerfile } from "@repo/workspace/apps";
import { repositoryRoot as repoRoot } from "@repo/workspace/repository-root";
import { runtimeBaseImage } from "./runtime-base-image.js";
import { buildImage, imageLabels, imageSize, megabytes } from "./docker-build.js";
import { assertEngineReachable } from "./docker-cli.js";
import { checkImage } from "./docker-image-check.js";

const network = process.env.DOCKER_NETWORK || undefined;
const say = (line: string) => process.stdout.write(`${line}\n`);

describe("without a Docker engine", () => {
  it("fails with a message that says no engine is reachable and how to get one", async () => {
    const env = { ...process.env, DOCKER_HOST: "unix:///nonexistent/docker.sock" };
    await expect(assertEngineReachable(env)).rejects.toThrow(
      /^No Docker engine is reachable at DOCKER_HOST=unix:\/\/\/nonexistent\/docker\.sock .*start Docker/,
    );
  });
});

describe("app images", () => {
  const apps = appsWithDockerfile(repoRoot).map((name) => ({
    name,
    dockerfile: appFiles(name).dockerfile,
  }));

  beforeAll(async () => {
    say(`docker engine ${await assertEngineReachable()}`);
  });

  it("include the demo", () => {
    expect(apps.map((app) => app.name)).toContain("demo");
  });

  it.each(apps)("$name: builds, serves read-only as non-root, exits 0 on SIGTERM", async (app) => {
    const revision = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repoRoot })
      .toString()
      .trim();
    const buildArgs = {
      SOURCE: "https://example.invalid/shipyard",
      REVISION: revision,
      CREATED: new Date().toISOString(),
    };
    const image = await buildImage({
      tag: `shipyard-e2e/${app.name}:latest`,
      dockerfile: app.dockerfile,
      context: repoRoot,
      network,
      buildArgs,
    });
    expect(await imageLabels(image)).toMatchObject({
      "org.opencontainers.image.source": buildArgs.SOURCE,
      "org.opencontainers.image.revision": buildArgs.REVISION,
      "org.opencontainers.image.created": buildArgs.CREATED,
    });

    const report = await checkImage({ image, route: "/", network });
    expect(report.processUids.length).toBeGreaterThan(0);
    expect(() => JSON.parse(report.routeBody) as unknown).not.toThrow();

    const base = runtimeBaseImage(join(repoRoot, app.dockerfile));
    const [size, baseSize] = await Promise.all([imageSize(image), imageSize(base)]);
    say(
      `${app.name}: image ${megabytes(size)}, ${megabytes(size - baseSize)} over ${base}; ` +
        `uid ${report.processUids.join(",")}; GET / → ${report.routeBody}; ` +
        `stopped on SIGTERM in ${report.stopSeconds.toFixed(1)} s`,
    );
  });
});

describe("the image checks reject a broken image", () => {
  const fixtures = join(repoRoot, "packages/e2e/fixtures/broken-images");
  const build = (name: string, buildArgs: Record<string, string>) =>
    buildImage({
      tag: `shipyard-e2e-fixture/${name}:latest`,
      dockerfile: join(fixtures, "Dockerfile"),
      context: fixtures,
      network,
      buildArgs,
    });
  const images: Record<string, string> = {};
  // A short grace period: the fixture that ignores SIGTERM would otherwise hold the run 30 s.
  const check = (name: string) =>
    checkImage({ image: images[name] ?? name, route: "/", network, graceSeconds: 5 });

  beforeAll(async () => {
    await assertEngineReachable();
    images.control = await build("control", {});
    images.root = await build("root", { BASE: "gcr.io/distroless/nodejs24-debian12:latest" });
    images.writable = await build("writes-to-root", { ENTRY: "writes-to-root.mjs" });
    images.sigterm = await build("ignores-sigterm", { ENTRY: "ignores-sigterm.mjs" });
  });

  it("passes the control image, built from the same files without the defect", async () => {
    await expect(check("control")).resolves.toMatchObject({ routeBody: '{"status":"ok"}' });
  });

  it("fails an image that runs as root", async () => {
    await expect(check("root")).rejects.toThrow(/runs as root \(image user "", process uids 0\)/);
  });

  it("fails an image that needs a writable root filesystem", async () => {
    await expect(check("writable")).rejects.toThrow(
      /exited with code 1 before .*\/readyz answered 200[\s\S]*EROFS: read-only file system/,
    );
  });

  it("fails an image that ignores SIGTERM", async () => {
    await expect(check("sigterm")).rejects.toThrow(/ignored SIGTERM: still running 5 s after it/);
  });
});
