import { appendFile } from "node:fs/promises";
import { repositoryRoot } from "@repo/workspace/repository-root";
import { parseArgs } from "node:util";
import { imageRepository, loadDeployConfig } from "@repo/workspace/deploy-config";
import { credentialsFor, lookupDigest } from "@repo/workspace/registry-digest";
import { shaTag } from "@repo/workspace/commit-tag";
import { changedApps } from "./changed-apps.js";
import { commitOf } from "@repo/workspace/git";
import { writeBack, type WriteBackResult } from "./write-back.js";
import { type BuiltImage, builtReference } from "./written-image.js";
import { writeBackSummary } from "./summary.js";

export const USAGE = `Usage:
  pnpm write-back --source <commit> (--app <app> | --image <app>=<reference>)... [options]
  pnpm write-back changed --before <commit> --after <commit>

The first form records the images CI built from <commit> in apps/<app>/kubernetes/deployment.yaml
on the branch, in one commit ([skip ci], so it builds nothing), and pushes it; a rejected push
fetches the new tip and tries again. An app whose manifest already names an image of a newer
commit keeps it. --app looks the digest of <registry>/<imageNamespace>/<app>:sha-<7 hex> up in
the registry (REGISTRY_USERNAME and REGISTRY_TOKEN log in); --image gives the reference itself.

"changed" prints, as JSON, the image workflow's inputs for each app whose caller workflow's
paths a push from --before to --after touched.

Options:
  --repo <dir>      the clone to work from (default: this repository)
  --remote <name>   the remote to push to (default: origin)
  --branch <name>   the branch to write to (default: main)
  -h, --help        print this help
`;

async function imagesToWrite(
  root: string,
  source: string,
  apps: readonly string[],
  given: readonly string[],
  warn: (line: string) => void,
): Promise<BuiltImage[]> {
  const images: BuiltImage[] = given.map((pair) => {
    const at = pair.indexOf("=");
    if (at <= 0) throw new Error(`--image ${pair}: write it as <app>=<reference>.`);
    return { app: pair.slice(0, at), reference: pair.slice(at + 1) };
  });
  if (apps.length === 0) return images;
  const config = await loadDeployConfig(root);
  for (const app of apps) {
    const repository = imageRepository(config, app);
    const tagged = `${repository}:${shaTag(source)}`;
    try {
      images.push({
        app,
        reference: builtReference(
          repository,
          source,
          await lookupDigest(tagged, credentialsFor(tagged)),
        ),
      });
    } catch (error) {
      const message = (error as Error).message;
      // A failed image job pushed nothing: the other apps are still written back.
      if (!/ has no /.test(message)) throw new Error(`looking up ${tagged}: ${message}`);
      warn(`${app}: ${message}, so its manifest stays as it is (did its image job fail?)`);
    }
  }
  return images;
}

async function main(argv: readonly string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      source: { type: "string" },
      app: { type: "string", multiple: true, default: [] },
      image: { type: "string", multiple: true, default: [] },
      before: { type: "string" },
      after: { type: "string" },
      repo: { type: "string", default: repositoryRoot },
      remote: { type: "string", default: "origin" },
      branch: { type: "string", default: "main" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const root = values.repo;
  if (positionals[0] === "changed" && positionals.length === 1) {
    if (!values.after) throw new Error(`changed needs --after <commit>.\n\n${USAGE}`);
    const after = await commitOf(root, values.after);
    if (!after) throw new Error(`--after ${values.after} is not a commit of ${root}.`);
    process.stdout.write(`${JSON.stringify(await changedApps(root, values.before, after))}\n`);
    return;
  }
  if (positionals.length > 0) throw new Error(`unexpected ${positionals.join(" ")}.\n\n${USAGE}`);
  if (!values.source) throw new Error(`which commit's images? Give --source <commit>.\n\n${USAGE}`);
  const source = await commitOf(root, values.source);
  if (!source) {
    throw new Error(
      `--source ${values.source} is not a commit of ${root}: fetch the whole history (actions/checkout with fetch-depth: 0).`,
    );
  }
  const warn = (line: string) => process.stderr.write(`write-back: ${line}\n`);
  const images = await imagesToWrite(root, source, values.app, values.image, warn);
  if (images.length === 0 && values.app.length + values.image.length === 0) {
    throw new Error(`which apps? Give --app <app> or --image <app>=<reference>.\n\n${USAGE}`);
  }
  const result: WriteBackResult = await writeBack({
    repo: root,
    remote: values.remote,
    branch: values.branch,
    source,
    images,
  });
  for (const image of result.skipped) warn(`${image.app} unchanged: ${image.reason}`);
  process.stdout.write(
    result.commit
      ? `${result.commit}: ${result.written.map((image) => `${image.app} -> ${image.reference}`).join(", ")}\n`
      : "nothing to change: no commit\n",
  );
  if (process.env.GITHUB_STEP_SUMMARY) {
    await appendFile(process.env.GITHUB_STEP_SUMMARY, writeBackSummary(source, result));
  }
  if (process.env.GITHUB_OUTPUT) {
    await appendFile(process.env.GITHUB_OUTPUT, `commit=${result.commit ?? ""}\n`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`write-back: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
