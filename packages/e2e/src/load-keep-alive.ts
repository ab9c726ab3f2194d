// A bounded HTTP load shaped like an ingress controller's upstream pool: a fixed number of
// keep-alive connections, each sending one request after another. Every request that does not
// come back complete with a 2xx is a failure, counted by its cause.
import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

export interface LoadOptions {
  /**
   * The base URL (http://host:port) each request goes to, asked before every request so that a
   * test can move the traffic elsewhere the way an endpoint removal does; each base gets its
   * own pool of keep-alive connections.
   */
  target: () => string;
  path: string;
  /** Concurrent clients, hence keep-alive connections per target. */
  connections: number;
  /** Each client's pause between two requests: what keeps the load bounded. */
  pauseMs?: number;
  /** Resolves when the load must stop; requests already sent still count. */
  until: Promise<unknown>;
  /** A hard bound on the run, whatever `until` does. */
  maxDurationMs: number;
}

export interface LoadReport {
  sent: number;
  ok: number;
  failed: number;
  /** Failures by cause: an error code such as ECONNRESET, or "status 502". */
  failures: Record<string, number>;
  /** How many times each distinct response body was received. */
  bodies: Map<string, number>;
  /** Requests sent to each target. */
  perTarget: Map<string, number>;
  seconds: number;
}

interface Reply {
  status: number;
  body: string;
}

function get(url: URL, agent: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => {
        if (res.complete) resolve({ status: res.statusCode ?? 0, body });
        else reject(Object.assign(new Error("incomplete response"), { code: "INCOMPLETE" }));
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    req.on("error", reject);
    req.end();
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const agents = new Map<string, Agent>();
  const agentFor = (base: string) => {
    let agent = agents.get(base);
    if (!agent) {
      agent = new Agent({ keepAlive: true, maxSockets: options.connections });
      agents.set(base, agent);
    }
    return agent;
  };
  const report: LoadReport = {
    sent: 0,
    ok: 0,
    failed: 0,
    failures: {},
    bodies: new Map(),
    perTarget: new Map(),
    seconds: 0,
  };
  let stopped = false;
  const bound = setTimeout(() => (stopped = true), options.maxDurationMs);
  void options.until.finally(() => (stopped = true));
  const started = Date.now();

  const client = async () => {
    while (!stopped) {
      const base = options.target();
      report.sent += 1;
      report.perTarget.set(base, (report.perTarget.get(base) ?? 0) + 1);
      try {
        const reply = await get(new URL(options.path, base), agentFor(base));
        if (reply.status >= 200 && reply.status < 300) {
          report.ok += 1;
          report.bodies.set(reply.body, (report.bodies.get(reply.body) ?? 0) + 1);
        } else {
          fail(`status ${reply.status}`);
        }
      } catch (error) {
        fail((error as NodeJS.ErrnoException).code ?? (error as Error).message);
      }
      if (options.pauseMs) await sleep(options.pauseMs);
    }
  };
  const fail = (cause: string) => {
    report.failed += 1;
    report.failures[cause] = (report.failures[cause] ?? 0) + 1;
  };

  try {
    await Promise.all(Array.from({ length: options.connections }, client));
  } finally {
    clearTimeout(bound);
    for (const agent of agents.values()) agent.destroy();
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}

/** One line for a test's output or a bench table. */
export function describeLoad(report: LoadReport): string {
  const causes = Object.entries(report.failures)
    .map(([cause, count]) => `${count} ${cause}`)
    .join(", ");
  return (
    `${report.sent} requests in ${report.seconds.toFixed(1)} s, ${report.failed} failed` +
    (causes ? ` (${causes})` : "")
  );
}
