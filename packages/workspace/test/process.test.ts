import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyKubectlError, kubectl, KubectlError, runKubectl } from "../src/kubectl.js";
import { MissingCommandError, runProcess, runVisibly } from "../src/process.js";
import { commitOf, git, GitError, isAncestor } from "../src/git.js";

const node = process.execPath;

/** A PATH holding only a `kubectl` that prints `stderr` and exits with `code`. */
async function fakeKubectl(stderr: string, code: number): Promise<NodeJS.ProcessEnv> {
  const bin = await mkdtemp(join(tmpdir(), "fake-kubectl-"));
  const script = join(bin, "kubectl");
  await writeFile(
    script,
    `#!${node}\nprocess.stdout.write("out\\n");\nprocess.stderr.write(${JSON.stringify(stderr)});\nprocess.exit(${code});\n`,
  );
  await chmod(script, 0o755);
  return { ...process.env, PATH: bin };
}

describe("running a command", () => {
  it("reports its exit code and output", async () => {
    const run = await runProcess(node, [
      "-e",
      'console.log("hi"); console.error("oh"); process.exit(3)',
    ]);
    expect(run).toEqual({ code: 3, stdout: "hi\n", stderr: "oh\n" });
    expect((await runProcess(node, ["-e", ""])).code).toBe(0);
  });

  it("says how to install a command that is not on PATH", async () => {
    const env = { ...process.env, PATH: "/nonexistent" };
    await expect(runProcess("kubectl", ["version"], { env })).rejects.toThrow(MissingCommandError);
    await expect(runProcess("kubectl", ["version"], { env })).rejects.toThrow(
      /^kubectl is not on PATH: install it \(https:\/\/kubernetes\.io/,
    );
    await expect(runVisibly("docker", ["build"], { env })).rejects.toThrow(
      /^docker is not on PATH: install Docker/,
    );
  });

  it("kills a command that outlives its time", async () => {
    const run = await runProcess(node, ["-e", "setTimeout(() => {}, 60000)"], { timeoutMs: 500 });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/killed after 500 ms/);
  });

  it("shows a visible command's output and keeps its last lines", async () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`).join("\\n");
    const run = await runVisibly(node, ["-e", `console.log("${lines}"); process.exit(2)`]);
    expect(run.code).toBe(2);
    expect(run.tail.split("\n")).toHaveLength(15);
    expect(run.tail).toMatch(/line 29$/);
  });
});

describe("kubectl", () => {
  it("sorts failures by what the user does about them", () => {
    expect(classifyKubectlError("dial tcp 127.0.0.1:6443: connect: connection refused")).toBe(
      "unreachable",
    );
    expect(
      classifyKubectlError('Error from server (NotFound): deployments.apps "x" not found'),
    ).toBe("not-found");
    expect(classifyKubectlError("Error from server (Forbidden): pods is forbidden")).toBe(
      "forbidden",
    );
    expect(classifyKubectlError('strict decoding error: unknown field "imagee"')).toBe("other");
  });

  it("returns the output of a command that succeeds", async () => {
    expect(await kubectl(["get", "pods"], await fakeKubectl("", 0))).toBe("out\n");
  });

  it("turns an unreachable cluster into advice, with kubectl's conclusion", async () => {
    const env = await fakeKubectl(
      "retrying\nThe connection to the server 127.0.0.1:1 was refused\n",
      1,
    );
    const failure = await kubectl(["get", "pods"], env).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KubectlError);
    expect((failure as KubectlError).failure).toBe("unreachable");
    expect((failure as Error).message).toMatch(
      /^No Kubernetes cluster is reachable: .*\nkubectl said: The connection to the server 127\.0\.0\.1:1 was refused$/,
    );
  });

  it("keeps all the server said when it refuses an object", async () => {
    const said =
      'Error from server (BadRequest): first\nError from server (BadRequest): unknown field "imagee"\n';
    const env = await fakeKubectl(said, 1);
    await expect(kubectl(["apply", "-f", "x"], env)).rejects.toThrow(
      /^kubectl apply -f x failed:\n.*first\n.*unknown field "imagee"$/,
    );
    expect((await runKubectl(["apply"], env)).code).toBe(1);
  });
});

describe("git", () => {
  it("answers about commits, and says what failed", async () => {
    const repo = await mkdtemp(join(tmpdir(), "git-"));
    await git(repo, ["init", "--quiet", "--initial-branch=main"]);
    const commit = async (message: string) => {
      await git(repo, [
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.com",
        "commit",
        "--quiet",
        "--allow-empty",
        "-m",
        message,
      ]);
      return (await git(repo, ["rev-parse", "HEAD"])).trim();
    };
    const first = await commit("first");
    const second = await commit("second");
    expect(await commitOf(repo, "HEAD~1")).toBe(first);
    expect(await commitOf(repo, "no-such-branch")).toBeUndefined();
    expect(await isAncestor(repo, first, second)).toBe(true);
    expect(await isAncestor(repo, second, first)).toBe(false);
    await expect(git(repo, ["checkout", "--quiet", "no-such-branch"])).rejects.toThrow(GitError);
    await expect(isAncestor(repo, "nope", second)).rejects.toThrow(
      /^git merge-base --is-ancestor nope/,
    );
  });
});
