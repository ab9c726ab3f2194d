import { describe, expect, it } from "vitest";
import { type RunState, runBlock } from "../src/chapter-run.js";
import { readMarkdown } from "../src/markdown.js";

// A chapter that promises what its commands do not do must fail the docs test.
describe("running a block of a chapter", () => {
  const state: RunState = { ports: new Map(), servers: [] };
  const block = (markdown: string) => readMarkdown(markdown).fences[0]!;

  it("passes when each command succeeds and prints what the chapter shows", async () => {
    expect(await runBlock(block("<!-- run -->\n\n```sh\ntrue\necho ok\n```\n"), state)).toEqual({
      ran: 2,
      failures: [],
    });
    const shown =
      "<!-- run -->\n\n```console\n$ echo hello\nhello\n$ printf 'a\\nb\\n'\na\nb\n```\n";
    expect(await runBlock(block(shown), state)).toEqual({ ran: 2, failures: [] });
  });

  it("fails when a console block shows another output than the command prints", async () => {
    const result = await runBlock(
      block("<!-- run -->\n\n```console\n$ echo hello\nbye\n```\n"),
      state,
    );
    expect(result.failures).toEqual(["3: $ echo hello\nshows:\nbye\nprints:\nhello"]);
  });

  it("fails when the output the note promises is missing", async () => {
    const markdown = "<!-- run; output contains: FULL TURBO -->\n\n```sh\necho built\n```\n";
    const [failure] = (await runBlock(block(markdown), state)).failures;
    expect(failure).toMatch(/the note promises output containing "FULL TURBO"/);
  });

  it("fails at the first command that exits non-zero, and runs nothing after it", async () => {
    const result = await runBlock(
      block("<!-- run -->\n\n```sh\necho one\nfalse\necho two\n```\n"),
      state,
    );
    expect(result.ran).toBe(1);
    expect(result.failures).toEqual(["3: false exited 1:\n"]);
  });

  it("runs nothing of a block that says why it cannot run here", async () => {
    const markdown = "<!-- not run here: needs a cluster -->\n\n```sh\nfalse\n```\n";
    expect(await runBlock(block(markdown), state)).toEqual({ ran: 0, failures: [] });
  });
});
