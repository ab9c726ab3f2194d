// Runs an image the way production does (read-only root filesystem, no capabilities, its own
// user) and checks what every service promises: readiness, liveness, a real route, a non-root
// process and a clean exit on SIGTERM. Each failure says which promise was broken and why.
import { docker, dockerRaw } from "./docker-cli.js";
import { freePort } from "@repo/workspace/free-port";

export class ImageCheckError extends Error {}

export interface ImageCheckOptions {
  image: string;
  /** A route of the app that must answer 200, beside /healthz and /readyz. */
  route: string;
  /** DOCKER_NETWORK: with it the container joins that network and gets its port via PORT. */
  network?: string | undefined;
  readyTimeoutMs?: number;
  /** Kubernetes' terminationGracePeriodSeconds by default. */
  graceSeconds?: number;
}

export interface ImageCheckReport {
  url: string;
  imageUser: string;
  processUids: string[];
  routeBody: string;
  stopSeconds: number;
}

const ROOT_USERS = new Set(["", "root", "0"]);

export async function checkImage(options: ImageCheckOptions): Promise<ImageCheckReport> {
  const { image, network } = options;
  const imageUser = await docker(["image", "inspect", "--format", "{{.Config.User}}", image]);
  const hostPort = await freePort();
  const runArgs = ["run", "--detach", "--read-only", "--cap-drop", "ALL"];
  runArgs.push("--security-opt", "no-new-privileges");
  if (network) {
    runArgs.push("--network", network, "--env", `PORT=${hostPort}`);
    if (network !== "host") runArgs.push("--publish", `127.0.0.1:${hostPort}:${hostPort}`);
  } else {
    runArgs.push("--publish", `127.0.0.1:${hostPort}:${await exposedPort(image)}`);
  }
  const container = await docker([...runArgs, image]);
  const url = `http://127.0.0.1:${hostPort}`;
  try {
    await waitForReady(container, `${url}/readyz`, options.readyTimeoutMs ?? 30_000);
    await expectOk(`${url}/healthz`);
    const routeBody = await expectOk(`${url}${options.route}`);
    const processUids = await containerUids(container);
    if (ROOT_USERS.has(imageUser.split(":")[0] ?? "") || processUids.includes("0")) {
      throw new ImageCheckError(
        `${image} runs as root (image user "${imageUser}", process uids ${processUids.join(", ")}): ` +
          `set a non-root numeric USER in the Dockerfile, e.g. USER 65532:65532.`,
      );
    }
    const stopSeconds = await stopWithSigterm(container, image, options.graceSeconds ?? 30);
    return { url, imageUser, processUids, routeBody, stopSeconds };
  } finally {
    await dockerRaw(["rm", "--force", container]);
  }
}

async function exposedPort(image: string): Promise<string> {
  const ports = await docker([
    "image",
    "inspect",
    "--format",
    "{{json .Config.ExposedPorts}}",
    image,
  ]);
  const first = Object.keys((JSON.parse(ports) ?? {}) as Record<string, unknown>)[0];
  if (!first) throw new ImageCheckError(`${image} EXPOSEs no port: add EXPOSE <port>.`);
  return first.split("/")[0] ?? first;
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: await response.text() };
}

async function expectOk(url: string): Promise<string> {
  const { status, body } = await get(url);
  if (status !== 200) throw new ImageCheckError(`GET ${url} answered ${status}: ${body}`);
  return body;
}

async function containerState(container: string) {
  const state = await docker([
    "inspect",
    "--format",
    "{{.State.Running}} {{.State.ExitCode}}",
    container,
  ]);
  const [running, exitCode] = state.split(" ");
  return { running: running === "true", exitCode: Number(exitCode) };
}

async function containerLog(container: string): Promise<string> {
  const { stdout, stderr } = await dockerRaw(["logs", "--tail", "30", container]);
  return `${stdout}${stderr}`.trim();
}

async function waitForReady(container: string, url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    const state = await containerState(container);
    if (!state.running) {
      throw new ImageCheckError(
        `the container exited with code ${state.exitCode} before ${url} answered 200 ` +
          `(it runs with a read-only root filesystem, no capabilities, as the image's user). ` +
          `Its log:\n${await containerLog(container)}`,
      );
    }
    try {
      const { status, body } = await get(url);
      if (status === 200) return;
      last = `${status} ${body}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new ImageCheckError(
    `${url} did not answer 200 within ${timeoutMs / 1000} s (last: ${last}). ` +
      `Its log:\n${await containerLog(container)}`,
  );
}

/** Numeric uids of every process in the container, read from the host (no shell needed). */
async function containerUids(container: string): Promise<string[]> {
  // docker top takes ps options but needs the pid column beside the one asked for.
  const table = await docker(["top", container, "-eo", "pid,uid"]);
  return table
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/)[1] ?? "");
}

/** Sends SIGTERM (whatever the image's STOPSIGNAL) and waits up to the grace period. */
async function stopWithSigterm(container: string, image: string, graceSeconds: number) {
  const started = Date.now();
  await docker(["kill", "--signal", "TERM", container]);
  await dockerRaw(["wait", container], { timeoutMs: graceSeconds * 1000 });
  const seconds = (Date.now() - started) / 1000;
  const state = await containerState(container);
  if (state.running) {
    await dockerRaw(["kill", container]);
    throw new ImageCheckError(
      `${image} ignored SIGTERM: still running ${graceSeconds} s after it, then killed. ` +
        `The process must be PID 1 (exec-form CMD) and drain and exit on SIGTERM.`,
    );
  }
  if (state.exitCode !== 0) {
    throw new ImageCheckError(
      `${image} exited with code ${state.exitCode} on SIGTERM; a clean shutdown exits 0. ` +
        `Its log:\n${await containerLog(container)}`,
    );
  }
  return seconds;
}
