// Starts a service as a process: reads the configuration from the environment (exit code 1 on
// a bad value), listens on PORT, and shuts down gracefully on SIGTERM or SIGINT, exiting 0
// after a clean drain and 1 if requests had to be cut.
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfigError, type ServiceConfig, loadConfig } from "./config.js";
import { Connections } from "./connections.js";
import { createMetricsServer } from "./metrics-server.js";
import type { Service } from "./service.js";
import { SERVER_OPTIONS, applyServerTimeouts } from "./server-timeouts.js";
import { shutdown } from "./shutdown.js";

/** Ctrl-C in a terminal reaches the service twice within milliseconds: the terminal signals
 * its whole process group, and the runner that started the service (pnpm, turbo) forwards the
 * signal too. The same signal again within this window is that same request; later, or another
 * signal, is someone insisting, and the process exits at once. */
const REPEATED_SIGNAL_MS = 1000;

export interface RunningService {
  service: Service;
  server: Server;
}

/** Builds the service from the environment's configuration and serves it until a signal. */
export function runService(
  create: (config: ServiceConfig) => Service,
  env: Record<string, string | undefined> = process.env,
): RunningService | undefined {
  let config: ServiceConfig;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
    return undefined;
  }

  const service = create(config);
  const { logger, health } = service;
  // Log lines are written asynchronously; exiting before they are out would lose the last ones.
  const exit = (code: number) => logger.flush(() => process.exit(code));
  const server = createServer(SERVER_OPTIONS, service.app);
  applyServerTimeouts(server);
  const connections = new Connections(server);

  server.on("error", (error) => {
    logger.fatal({ err: error, port: config.port }, "the server could not listen");
    exit(1);
  });
  if (config.metricsPort !== undefined) {
    const metricsServer = createMetricsServer(service.metrics);
    metricsServer.on("error", (error) => {
      logger.fatal({ err: error, metricsPort: config.metricsPort }, "the metrics could not listen");
      exit(1);
    });
    metricsServer.listen(config.metricsPort, () => {
      const { port } = metricsServer.address() as AddressInfo;
      logger.info({ metricsPort: port }, `metrics on http://localhost:${port}/metrics`);
    });
  }
  server.listen(config.port, () => {
    health.markReady();
    const { port } = server.address() as AddressInfo;
    logger.info({ port }, `${service.name} listening on http://localhost:${port}`);
  });

  let stopping: { signal: NodeJS.Signals; at: number } | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      if (signal === stopping.signal && performance.now() - stopping.at < REPEATED_SIGNAL_MS) {
        logger.debug({ signal }, "signal repeated: already shutting down");
        return;
      }
      logger.warn({ signal }, "second signal during shutdown: exiting now");
      exit(1);
      return;
    }
    stopping = { signal, at: performance.now() };
    logger.info(
      { signal, timeoutMs: config.shutdownTimeoutMs, delayMs: config.shutdownDelayMs },
      "shutting down: draining in-flight requests",
    );
    void shutdown(server, service.inFlight, {
      health,
      connections,
      timeoutMs: config.shutdownTimeoutMs,
      delayMs: config.shutdownDelayMs,
    }).then(({ timedOut, cut }) => {
      if (timedOut) {
        logger.error({ cut }, `shutdown timed out: cut ${cut} in-flight request(s)`);
        exit(1);
        return;
      }
      logger.info("shutdown complete");
      exit(0);
    });
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return { service, server };
}
