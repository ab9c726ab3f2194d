import { Agent, request } from "node:http";
import { type Socket, connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { type SpawnedService, startService } from "../src/spawn-service.js";

const cwd = fileURLToPath(new URL("..", import.meta.url));
const FIXTURE = "test/fixtures/slow-service.ts";
const PADDING = "x".repeat(64 * 1024);

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, agent?: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        if (res.complete) resolve({ status: res.statusCode!, headers: res.headers, body });
        else reject(new Error(`incomplete response to ${path}`));
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** A raw connection that sends `data` and then nothing more; `closed` settles when the server
 * closes it. */
async function holdConnection(port: number, data = "") {
  const socket: Socket = connect({ host: "127.0.0.1", port });
  socket.on("error", () => {});
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  if (data !== "") socket.write(data);
  return { socket, closed };
}

const running: SpawnedService[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.child.kill("SIGKILL");
});

async function start(env: Record<string, string>) {
  const service = await startService(FIXTURE, { cwd, env });
  running.push(service);
  return service;
}

const slowStarted = (service: SpawnedService) =>
  service.lines.filter((line) => line.msg === "slow request started").length;

// Processes start slowly on a loaded machine; these bounds only catch a hang.
describe("graceful shutdown of a real process", { timeout: 120_000 }, () => {
  it("answers every accepted request in full under load, then exits 0", async () => {
    const service = await start({ SHUTDOWN_TIMEOUT_MS: "10000" });
    const agent = new Agent({ keepAlive: true, maxSockets: 40 });

    const slow = Array.from({ length: 8 }, () => get(service.port, "/slow?ms=3000", agent));
    await service.waitForLine(() => slowStarted(service) === 8);

    // Clients keep sending until the server stops accepting them.
    const connectionErrors: string[] = [];
    const fast: Reply[] = [];
    const workers = Array.from({ length: 16 }, async () => {
      for (;;) {
        try {
          fast.push(await get(service.port, "/slow?ms=20", agent));
        } catch (error) {
          connectionErrors.push((error as NodeJS.ErrnoException).code ?? String(error));
          return;
        }
      }
    });
    // Signal mid-load: once the workers are well under way, with the slow ones still running.
    await service.waitForLine(
      () => service.lines.filter((line) => line.msg === "request completed").length >= 16,
    );
    service.child.kill("SIGTERM");

    const slowReplies = await Promise.all(slow);
    await Promise.all(workers);
    const exit = await service.exited;
    agent.destroy();

    expect(exit).toEqual({ code: 0, signal: null });
    for (const reply of [...slowReplies, ...fast]) {
      expect(reply.status).toBe(200);
      expect((JSON.parse(reply.body) as { padding: string }).padding).toBe(PADDING);
    }
    expect(slowReplies.map((reply) => reply.body)).toEqual(
      Array(8).fill(JSON.stringify({ sleptMs: 3000, padding: PADDING })),
    );
    expect(fast.length).toBeGreaterThanOrEqual(16);
    // A request the server never read fails at the connection; nothing else may fail.
    for (const code of connectionErrors) expect(["ECONNREFUSED", "ECONNRESET"]).toContain(code);
    // Every request the server handled is one the client received in full.
    const handled = service.lines.filter((line) => line.route === "/slow");
    expect(handled.length).toBe(slowReplies.length + fast.length);
    expect(handled.every((line) => line.status === 200 && line.aborted === undefined)).toBe(true);
    expect(service.lines.at(-1)?.msg).toBe("shutdown complete");
  });

  it("cuts requests still running at the timeout and exits 1", async () => {
    const service = await start({ SHUTDOWN_TIMEOUT_MS: "500" });
    const stuck = get(service.port, "/slow?ms=30000").then(
      () => "answered",
      (error: NodeJS.ErrnoException) => error.code ?? error.message,
    );
    await service.waitForLine((line) => line.msg === "slow request started");
    service.child.kill("SIGTERM");

    const exit = await service.exited;
    expect(exit).toEqual({ code: 1, signal: null });
    expect(await stuck).toBe("ECONNRESET");
    expect(service.lines).toContainEqual(
      expect.objectContaining({ level: 50, cut: 1, msg: expect.stringMatching(/timed out/) }),
    );
  });

  it("reports not ready while it keeps serving through the shutdown delay", async () => {
    const service = await start({ SHUTDOWN_DELAY_MS: "1500", SHUTDOWN_TIMEOUT_MS: "5000" });
    expect((await get(service.port, "/readyz")).status).toBe(200);

    service.child.kill("SIGINT");
    await service.waitForLine((line) => line.signal === "SIGINT");
    const readyz = await get(service.port, "/readyz");
    expect(readyz.status).toBe(503);
    expect(JSON.parse(readyz.body)).toEqual({ status: "stopping" });
    expect((await get(service.port, "/healthz")).status).toBe(200);
    const work = await get(service.port, "/slow?ms=0");
    expect(work.status).toBe(200);
    expect(work.headers.connection).toBe("close");

    expect(await service.exited).toEqual({ code: 0, signal: null });
  });

  it("closes connections that never sent a whole request, answers the rest and exits 0", async () => {
    // A timeout far longer than the test's: only closing those connections lets it finish.
    const service = await start({ SHUTDOWN_TIMEOUT_MS: "600000" });
    const held = [
      await holdConnection(service.port),
      await holdConnection(service.port, "GET /slow?ms=0 HTTP/1.1\r\nHost: x\r\n"),
      await holdConnection(
        service.port,
        'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"name":',
      ),
    ];
    const slow = get(service.port, "/slow?ms=2000");
    await service.waitForLine((line) => line.msg === "slow request started");
    service.child.kill("SIGTERM");

    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect((await slow).status).toBe(200);
    await Promise.all(held.map((connection) => connection.closed));
    expect(service.lines.at(-1)?.msg).toBe("shutdown complete");
  });

  it("takes a repeated SIGINT as the same Ctrl-C and exits 0 once drained", async () => {
    const service = await start({});
    const slow = get(service.port, "/slow?ms=2000");
    await service.waitForLine((line) => line.msg === "slow request started");
    // Ctrl-C in a terminal: the process group's signal, then the runner's forwarded one.
    service.child.kill("SIGINT");
    await sleep(100);
    service.child.kill("SIGINT");

    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect((await slow).status).toBe(200);
    expect(service.lines.at(-1)?.msg).toBe("shutdown complete");
  });

  it.each([
    ["SIGINT again a while later", "SIGINT", 1500],
    ["another signal", "SIGTERM", 0],
  ] as const)("exits 1 at once on %s during a shutdown", async (_what, second, afterMs) => {
    const service = await start({ SHUTDOWN_TIMEOUT_MS: "600000" });
    const stuck = get(service.port, "/slow?ms=600000").catch(() => "cut");
    await service.waitForLine((line) => line.msg === "slow request started");
    service.child.kill("SIGINT");
    await service.waitForLine((line) => line.signal === "SIGINT");
    await sleep(afterMs);
    service.child.kill(second);

    expect(await service.exited).toEqual({ code: 1, signal: null });
    expect(await stuck).toBe("cut");
    expect(service.lines.at(-1)).toMatchObject({
      signal: second,
      msg: "second signal during shutdown: exiting now",
    });
  });

  it("keeps idle connections open longer than a proxy's 60 s idle timeout", async () => {
    const service = await start({});
    const reply = await get(service.port, "/healthz");
    expect(reply.headers["keep-alive"]).toBe("timeout=65");
  });
});
