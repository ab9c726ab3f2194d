import { type Server, createServer } from "node:http";
import { type AddressInfo, type Socket, connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createLogger } from "../src/logger.js";
import { SERVER_OPTIONS, applyServerTimeouts } from "../src/server-timeouts.js";
import { createService } from "../src/service.js";

type Line = Record<string, unknown>;

const BODY = JSON.stringify({ name: "x".repeat(980) });
const HEAD = `POST /items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(BODY)}\r\n\r\n`;

const sockets: Socket[] = [];
let server: Server | undefined;
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  server?.closeAllConnections();
  server?.close();
});

async function listen(bodyTimeoutMs: number) {
  const lines: Line[] = [];
  const service = createService({
    name: "bodies",
    version: "1.0.0",
    // Room for four bodies of about 1 kB.
    config: { bodyLimit: "1kb", bodyTotalLimit: "4kb", bodyTimeoutMs },
    logger: createLogger({
      name: "bodies",
      destination: { write: (line: string) => lines.push(JSON.parse(line) as Line) },
    }),
    routes(api) {
      api.post("/items", { body: z.object({ name: z.string() }) }, ({ body }) => ({
        length: body.name.length,
      }));
    },
  });
  server = createServer(SERVER_OPTIONS, service.app);
  applyServerTimeouts(server);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { ...service, lines, port: (server.address() as AddressInfo).port };
}

/** Sends `data` on a new connection; `reply` is all the server sent once it closed. */
async function send(port: number, data: string) {
  const socket = connect({ host: "127.0.0.1", port });
  sockets.push(socket);
  socket.on("error", () => {});
  let text = "";
  socket.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
  const reply = new Promise<string>((resolve) => socket.once("close", () => resolve(text)));
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  socket.write(data);
  return { socket, reply, received: () => text };
}

/** The status of the first answer to a whole request on its own connection. */
async function statusOfWholeRequest(port: number): Promise<number> {
  const { received } = await send(
    port,
    HEAD.replace("Host: x", "Host: x\r\nConnection: close") + BODY,
  );
  for (let i = 0; i < 600 && !/^HTTP\/1\.1 \d{3}/.test(received()); i++) await sleep(50);
  return Number(received().slice(9, 12));
}

/** Asks until `status` comes back, as a busy machine may take time to read earlier sockets. */
async function untilStatus(port: number, status: number): Promise<void> {
  const seen: number[] = [];
  for (let i = 0; i < 100; i++) {
    seen.push(await statusOfWholeRequest(port));
    if (seen.at(-1) === status) return;
    await sleep(100);
  }
  throw new Error(`never answered ${status}; answered ${seen.join(", ")}`);
}

describe("bodies being received", { timeout: 60_000 }, () => {
  it("are refused with 503 once those in progress hold the total, and admitted again as they end", async () => {
    const { port } = await listen(60_000);
    expect(await statusOfWholeRequest(port)).toBe(200);
    // Four connections each holding a body just under the limit, three bytes of it sent.
    const held = [];
    for (let i = 0; i < 4; i++) held.push(await send(port, HEAD + BODY.slice(0, 3)));
    await untilStatus(port, 503);

    held[0]!.socket.destroy();
    await untilStatus(port, 200);
  });

  it("that stop arriving are answered 408, closed, and logged and counted as 408", async () => {
    const { port, lines, app } = await listen(500);
    const { reply } = await send(port, HEAD + BODY.slice(0, 3));
    const text = await reply;
    expect(text).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(text).toMatch(/\r\nconnection: close\r\n/i);
    expect(text.split("\r\n\r\n")[1]).toBe(
      JSON.stringify({ detail: "Request body not received within 0.5 s" }),
    );
    expect(lines.filter((line) => line.route === "/items")).toEqual([
      expect.objectContaining({ msg: "request completed", status: 408, level: 30 }),
    ]);
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
    const metrics = await request(app).get("/metrics");
    expect(metrics.text).toContain(
      'http_requests_total{method="POST",route="/items",status_code="408"} 1',
    );
  });

  it("that arrive whole are answered, however many come one after the other", async () => {
    const { port } = await listen(60_000);
    for (let i = 0; i < 12; i++) expect(await statusOfWholeRequest(port)).toBe(200);
  });
});
