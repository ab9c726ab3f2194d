// A bounded load for the write-back journey: a few clients sending one request after another
// to a Service's ClusterIP until told to stop; every answer that is not a 2xx is a failure.
import { setTimeout as sleep } from "node:timers/promises";

export interface SteadyLoad {
  stop: () => Promise<{ sent: number; failed: number; failures: string[] }>;
}

export function steadyLoad(url: string, clients = 4, maxDurationMs = 300_000): SteadyLoad {
  let running = true;
  let sent = 0;
  const failures: string[] = [];
  const deadline = Date.now() + maxDurationMs;
  const client = async () => {
    while (running && Date.now() < deadline) {
      sent++;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        if (!response.ok) failures.push(`status ${response.status}`);
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code;
        failures.push(cause ?? (error as Error).name);
      }
      await sleep(20);
    }
  };
  const clientsDone = Promise.all(Array.from({ length: clients }, client));
  return {
    stop: async () => {
      running = false;
      await clientsDone;
      return { sent, failed: failures.length, failures };
    },
  };
}
