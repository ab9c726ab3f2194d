// Files a check must survive: each one becomes a problem naming the file (and the line where
// there is one), while a defect planted elsewhere is still found, so the rest of the check ran.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkRepository } from "../src/check.js";
import { formatProblem } from "../src/problem.js";
import { copyRepository, edit } from "./repository-copy.js";

const kubernetes = "apps/demo/kubernetes";
const dockerfile = "apps/demo/Dockerfile";
const workflow = ".github/workflows/app-demo.yml";
const planted = expect.stringMatching(
  /^apps\/demo\/kubernetes\/service\.yaml: spec\.ports\[0\]\.targetPort "web" matches no container port/,
);

// A big repository copy per case on a busy machine, and cases whose whole point is that they
// finish: generous, so only a hang or a blow-up fails them.
describe("a repository with a hostile or broken file", { timeout: 120_000 }, () => {
  let root: string;
  let remove: () => void;
  beforeEach(() => {
    ({ root, remove } = copyRepository());
    edit(root, `${kubernetes}/service.yaml`, /targetPort: http/, "targetPort: web");
  });
  afterEach(() => remove());

  const write = (file: string, content: string | Buffer) =>
    writeFileSync(join(root, file), content);
  const lines = async () => (await checkRepository(root)).problems.map(formatProblem);

  it("names a YAML alias bomb instead of expanding it", async () => {
    const levels = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    write(
      `${kubernetes}/bomb.yaml`,
      levels
        .map((name, i) =>
          i === 0
            ? `${name}: &${name} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`
            : `${name}: &${name} [${Array(9)
                .fill(`*${levels[i - 1]}`)
                .join(", ")}]`,
        )
        .join("\n"),
    );
    const found = await lines();
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^apps\/demo\/kubernetes\/bomb\.yaml: line 1 cannot be read: Excessive alias count/,
        ),
        planted,
      ]),
    );
    expect(found.join("\n")).not.toMatch(/bomb\.yaml is empty/);
  });

  it("names a folder where the Dockerfile should be", async () => {
    rmSync(join(root, dockerfile));
    mkdirSync(join(root, dockerfile));
    expect(await lines()).toEqual(
      expect.arrayContaining([
        `${dockerfile} is a folder, where a file is expected (fix: replace it by a file)`,
        planted,
      ]),
    );
  });

  it("names a folder named like a manifest", async () => {
    mkdirSync(join(root, kubernetes, "extra.yaml"));
    expect(await lines()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/extra\.yaml is a folder, where a file/),
        planted,
      ]),
    );
  });

  it("names a symbolic link loop", async () => {
    symlinkSync("loop.yaml", join(root, kubernetes, "loop.yaml"));
    expect(await lines()).toEqual(
      expect.arrayContaining([
        `${kubernetes}/loop.yaml is a symbolic link loop (fix: make it a regular file inside the repository)`,
        planted,
      ]),
    );
  });

  it("does not follow a link out of the repository, such as to a device", async () => {
    symlinkSync("/dev/zero", join(root, kubernetes, "zero.yaml"));
    rmSync(join(root, dockerfile));
    symlinkSync("/etc/passwd", join(root, dockerfile));
    expect(await lines()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^apps\/demo\/kubernetes\/zero\.yaml is a symbolic link to \/dev\/zero, outside the repository/,
        ),
        expect.stringMatching(
          /^apps\/demo\/Dockerfile is a symbolic link to \S+, outside the repository/,
        ),
        planted,
      ]),
    );
  });

  it("follows a link that stays inside the repository", async () => {
    const text = readFileSync(join(root, dockerfile));
    write("Dockerfile.demo", text);
    rmSync(join(root, dockerfile));
    symlinkSync("../../Dockerfile.demo", join(root, dockerfile));
    expect(await lines()).toEqual([planted]);
  });

  it("does not open a named pipe, which would block the read forever", async () => {
    execFileSync("mkfifo", [join(root, kubernetes, "pipe.yaml")]);
    expect(await lines()).toEqual(
      expect.arrayContaining([
        `${kubernetes}/pipe.yaml is a named pipe, where a file is expected (fix: replace it by a file)`,
        planted,
      ]),
    );
  });

  it(
    "does not open a named pipe in place of a package.json either",
    { timeout: 60_000 },
    async () => {
      rmSync(join(root, "apps/demo/package.json"));
      execFileSync("mkfifo", [join(root, "apps/demo/package.json")]);
      expect(await lines()).toEqual(
        expect.arrayContaining([
          "apps/demo/package.json is a named pipe, where a file is expected (fix: replace it by a file)",
          planted,
        ]),
      );
    },
  );

  it("refuses a 6 MB manifest without parsing it", async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => `  key${i}: "${"x".repeat(50)}"`);
    write(
      `${kubernetes}/big.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${entries.join("\n")}\n`,
    );
    expect(await lines()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^apps\/demo\/kubernetes\/big\.yaml is 6\.\d MiB, more than the 1\.0 MiB this check reads in one file/,
        ),
        planted,
      ]),
    );
  });

  it("finds a repeated key in a 1 MB map in linear time", { timeout: 60_000 }, async () => {
    // Compared pairwise, as yaml does, these 90,000 keys take minutes: past the timeout.
    const entries = Array.from({ length: 90_000 }, (_, i) => `  k${i.toString(36)}: v`);
    entries.push("  k7: again");
    write(
      `${kubernetes}/config.yaml`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n${entries.join("\n")}\n`,
    );
    expect(await lines()).toEqual(
      expect.arrayContaining([
        `${kubernetes}/config.yaml: line 90006 is not valid YAML: map keys must be unique (fix: remove or rename the repeated key)`,
        planted,
      ]),
    );
  });

  it("names control characters in a Dockerfile and never prints them raw", async () => {
    edit(root, dockerfile, /^(USER .*)$/m, "\u001b[2J\u001b]0;pwned\u0007$1");
    const found = await lines();
    const line =
      readFileSync(join(root, dockerfile), "utf8")
        .split("\n")
        .findIndex((l) => l.includes("pwned")) + 1;
    expect(found).toEqual(
      expect.arrayContaining([
        `${dockerfile}: line ${line} contains the control character U+001B (binary content or a terminal escape sequence) (fix: remove it; a text file needs no control character but tab and newline)`,
        planted,
      ]),
    );
    for (const printed of found) expect(printed).not.toMatch(/\p{Cc}/u);
  });

  it("reports a missing Dockerfile that the workflow builds from", async () => {
    rmSync(join(root, dockerfile));
    expect(await lines()).toEqual(
      expect.arrayContaining([
        `${dockerfile} is missing, but ${workflow} builds demo's image from it (fix: add it: pnpm gen service writes one, or copy apps/demo's and adapt it)`,
        planted,
      ]),
    );
  });

  it("reports a missing package.json", async () => {
    rmSync(join(root, "apps/demo/package.json"));
    expect(await lines()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^apps\/demo\/package\.json is missing, so the app cannot be installed/,
        ),
        planted,
      ]),
    );
  });

  it("blames an empty deployment.yaml on itself, not on the workflow", async () => {
    write(`${kubernetes}/deployment.yaml`, "# nothing yet\n");
    const found = await lines();
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^apps\/demo\/kubernetes\/deployment\.yaml is empty: it holds no Kubernetes object/,
        ),
        expect.stringMatching(
          /^apps\/demo\/kubernetes holds no Deployment, so nothing runs the app/,
        ),
      ]),
    );
    expect(found.filter((l) => l.startsWith(workflow))).toEqual([]);
  });

  it("blames a missing kubernetes folder on itself, not on the workflow", async () => {
    rmSync(join(root, kubernetes), { recursive: true });
    const found = await lines();
    expect(found).toEqual([
      expect.stringMatching(/^apps\/demo\/kubernetes is missing, so nothing deploys the app/),
    ]);
  });

  it("names Latin-1 bytes with their line, and still checks the file", async () => {
    const text = readFileSync(join(root, kubernetes, "service.yaml"), "utf8");
    write(
      `${kubernetes}/service.yaml`,
      Buffer.concat([Buffer.from(`${text}# caf`), Buffer.from([0xe9]), Buffer.from("\n")]),
    );
    const line = text.split("\n").length;
    expect(await lines()).toEqual([
      `${kubernetes}/service.yaml: line ${line} is not UTF-8 (Latin-1 or binary bytes) (fix: save the file as UTF-8)`,
      planted,
    ]);
  });

  it("numbers each document by its place in the file, failed ones included", async () => {
    write(
      `${kubernetes}/extra.yaml`,
      "key: [unclosed\n---\napiVersion: v1\nkind: Nonsense\nmetadata:\n  name: x\n",
    );
    expect(await lines()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^apps\/demo\/kubernetes\/extra\.yaml: line \d+ is not valid YAML \(document 1\)/,
        ),
        expect.stringMatching(
          /^apps\/demo\/kubernetes\/extra\.yaml: apiVersion document 2: v1 Nonsense is not a Kubernetes API/,
        ),
        planted,
      ]),
    );
  });
});

describe("files that disagree with deploy.config.yaml", { timeout: 120_000 }, () => {
  let root: string;
  let remove: () => void;
  beforeEach(() => ({ root, remove } = copyRepository()));
  afterEach(() => remove());

  it("are all reported in one run, not one more per run", async () => {
    edit(root, "deploy.config.yaml", /^imageNamespace: .*$/m, "imageNamespace: alice");
    const found = (await checkRepository(root)).problems.map(formatProblem);
    expect(found).toEqual([
      expect.stringMatching(
        /^apps\/demo\/kubernetes\/deployment\.yaml: spec\.template\.spec\.containers\[0\]\.image is "docker\.io\/your-dockerhub-username\/demo:sha-0000000", but deploy\.config\.yaml makes this app's image docker\.io\/alice\/demo/,
      ),
      `${workflow}: jobs.image.with.image is "docker.io/your-dockerhub-username/demo", but deploy.config.yaml makes this app's image docker.io/alice/demo (fix: set image: docker.io/alice/demo)`,
      // The files the render rule finds out of date: one `pnpm gen sync` fixes them all.
      `${workflow} is out of date with deploy.config.yaml (fix: run \`pnpm gen sync\`, which merges the change and keeps your edits)`,
      `apps/demo/kubernetes/deployment.yaml is out of date with deploy.config.yaml (fix: run \`pnpm gen sync\`, which merges the change and keeps your edits)`,
    ]);
  });
});
