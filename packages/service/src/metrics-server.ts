// /metrics on a port of its own (METRICS_PORT): the Deployment names it for Prometheus, and the
// Service and Ingress in front of the API never route to it, so what the metrics tell (Node's
// version among them) stays in the cluster and no outside client can make the service build
// them, which costs many API calls' worth.
import { type Server, type ServerResponse, createServer } from "node:http";
import type { Metrics } from "./metrics.js";

function answer(res: ServerResponse, status: number, detail: string, headers = {}) {
  const body = JSON.stringify({ detail });
  res.writeHead(status, { ...headers, "content-type": "application/json" });
  res.end(body);
}

export function createMetricsServer({ registry }: Metrics): Server {
  return createServer((req, res) => {
    const path = (req.url ?? "").split("?", 1)[0];
    if (path !== "/metrics") answer(res, 404, "Not Found");
    else if (req.method !== "GET" && req.method !== "HEAD") {
      answer(res, 405, "Method Not Allowed", { allow: "GET" });
    } else {
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": registry.contentType });
          res.end(text);
        },
        () => answer(res, 500, "Internal Server Error"),
      );
    }
  });
}
