import { describe, expect, it } from "vitest";
import { diagnoseRollout, type RolloutSnapshot } from "../src/rollout-diagnosis.js";

const base: RolloutSnapshot = {
  deployment: "demo",
  namespace: "dev",
  timeoutSeconds: 60,
  image: "shipyard-local/demo:0123456789ab",
  replicaSet: { name: "demo-7d9f", conditions: [] },
  pods: [],
  events: [],
  logs: {},
};

const pod = (containerStatus: Record<string, unknown>) => ({
  metadata: { name: "demo-7d9f-abcde" },
  status: {
    phase: "Running",
    containerStatuses: [{ name: "demo", restartCount: 0, ...containerStatus }],
  },
});

const event = (reason: string, message: string, name = "demo-7d9f-abcde", count = 1) => ({
  type: "Warning",
  reason,
  message,
  count,
  involvedObject: { kind: "Pod", name },
});

describe("diagnoseRollout", () => {
  it("a failing readiness probe: the probe's answer, the log, and what to check", () => {
    const text = diagnoseRollout({
      ...base,
      pods: [pod({ ready: false, state: { running: { startedAt: "2026-01-01T00:00:00Z" } } })],
      events: [
        event(
          "Unhealthy",
          "Readiness probe failed: HTTP probe failed with statuscode: 503",
          undefined,
          9,
        ),
        event(
          "Unhealthy",
          "Readiness probe failed: HTTP probe failed with statuscode: 503",
          "other-pod",
        ),
        { ...event("Pulled", "Container image already present"), type: "Normal" },
        event("MissingClusterDNS", "kubelet does not have ClusterDNS IP configured"),
      ],
      logs: { "demo-7d9f-abcde": '{"msg":"listening"}\n' },
    });
    expect(text.split("\n")).toEqual([
      "deployment/demo did not become ready within 60 s (namespace dev, image shipyard-local/demo:0123456789ab).",
      "  pod demo-7d9f-abcde (Running): container demo running, not ready, 0 restart(s)",
      "  event on demo-7d9f-abcde: Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503 (9 times)",
      "  last log lines of demo-7d9f-abcde:",
      '    {"msg":"listening"}',
      expect.stringMatching(/^The container runs but its readiness probe fails/),
    ]);
  });

  it("a crash loop: the exit code and the last log lines", () => {
    const text = diagnoseRollout({
      ...base,
      pods: [
        pod({
          restartCount: 3,
          state: {
            waiting: {
              reason: "CrashLoopBackOff",
              message: "back-off 40s restarting failed container",
            },
          },
          lastState: { terminated: { exitCode: 1, reason: "Error" } },
        }),
      ],
      logs: { "demo-7d9f-abcde": "Error: EROFS: read-only file system, open '/app/x'" },
    });
    expect(text).toContain(
      "container demo waiting: CrashLoopBackOff: back-off 40s restarting failed container; last run of demo exited with code 1 (Error)",
    );
    expect(text).toContain("    Error: EROFS: read-only file system");
    expect(text).toMatch(/The container exits instead of serving/);
  });

  it("a missing image", () => {
    const text = diagnoseRollout({
      ...base,
      pods: [
        pod({
          state: {
            waiting: {
              reason: "ErrImageNeverPull",
              message: 'Container image "x" is not present with pull policy of Never',
            },
          },
        }),
      ],
    });
    expect(text).toContain("waiting: ErrImageNeverPull: Container image");
    expect(text).toMatch(/The node does not have the image shipyard-local\/demo:0123456789ab/);
  });

  it("pods refused by admission: the ReplicaSet's failure", () => {
    const message =
      'pods "demo-7d9f-x" is forbidden: maximum memory usage per Container is 128Mi, but limit is 256Mi';
    const text = diagnoseRollout({
      ...base,
      replicaSet: {
        name: "demo-7d9f",
        conditions: [{ type: "ReplicaFailure", status: "True", reason: "FailedCreate", message }],
      },
      events: [event("FailedCreate", `Error creating: ${message}`, "demo-7d9f", 12)],
    });
    expect(text).toContain(`  replicaset demo-7d9f: FailedCreate: ${message}`);
    expect(text).toContain("  no pod of the new revision exists.");
    expect(text).toMatch(/The API server refused to create the pods/);
  });

  it("a configuration the kubelet refuses", () => {
    const text = diagnoseRollout({
      ...base,
      pods: [
        pod({
          state: {
            waiting: {
              reason: "CreateContainerConfigError",
              message: "container has runAsNonRoot and image will run as root",
            },
          },
        }),
      ],
    });
    expect(text).toContain(
      "CreateContainerConfigError: container has runAsNonRoot and image will run as root",
    );
    expect(text).toMatch(/The kubelet refused to start the container/);
  });
});
