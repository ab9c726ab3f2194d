// The tests every app passes on a running cluster, in one place for the repository's apps and
// for a freshly generated service.
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  type AppOnCluster,
  appOnCluster,
  clusterIp,
  deleteApp,
  deployLocal,
  getJson,
  readyPods,
  rolloutSourceChange,
  scaleToZero,
} from "./cluster-journey.js";
import { createNamespace, deleteNamespace } from "./kube-cluster.js";
import { describeLoad } from "./load-keep-alive.js";
import { REVISION_ROUTE } from "./source-change.js";

const say = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Registers, inside the caller's describe, the journey of `app` in the repository `root()`
 * (read when the tests run: it is made in a beforeAll). `answers` are routes and the bodies
 * they must return, beside the GET / and probes every app has.
 */
export function clusterJourneyTests(
  app: string,
  root: () => string,
  answers: [string, unknown][] = [],
): void {
  let target: AppOnCluster;
  let image = "";
  let namespace = "";

  beforeAll(async () => {
    namespace = await createNamespace(`e2e-${app}`);
    target = await appOnCluster(root(), app, namespace);
  });
  afterAll(async () => {
    if (namespace) await deleteNamespace(namespace);
  });

  it("pnpm deploy:local brings it to Ready pods that answer through the Service's ClusterIP", async () => {
    const deployed = await deployLocal(target);
    image = deployed.image;
    say(`${app}: deploy:local → Ready in ${deployed.seconds.toFixed(1)} s (${image})`);
    await readyPods(target, image);
    const url = await clusterIp(target);
    for (const probe of ["/healthz", "/readyz"]) {
      expect((await getJson(`${url}${probe}`)).status).toBe(200);
    }
    const root = await getJson(`${url}/`);
    expect(root.status).toBe(200);
    expect(typeof root.body).toBe("object");
    for (const [route, body] of answers) {
      expect(await getJson(`${url}${route}`)).toEqual({ status: 200, body });
    }
    expect((await getJson(`${url}${REVISION_ROUTE}`)).status).toBe(404);
  });

  it("rolls out a source change under load: 0 failed, every pod replaced, the new answer served", async () => {
    const measure = await rolloutSourceChange(target, image);
    say(`${app}: rollout under load: ${describeLoad(measure.load)}`);
    expect(measure.load.sent).toBeGreaterThan(0);
    expect(measure.load.failures).toEqual({});
    expect(measure.after).toHaveLength(target.replicas);
    expect(measure.after.filter((pod) => measure.before.includes(pod))).toEqual([]);
    const url = await clusterIp(target);
    expect(await getJson(`${url}${REVISION_ROUTE}`)).toEqual({
      status: 200,
      body: { revision: "2" },
    });
  });

  it("scales to zero under load: 0 failed until the endpoints are gone", async () => {
    const load = await scaleToZero(target);
    say(`${app}: scale to 0 under load: ${describeLoad(load)}`);
    expect(load.sent).toBeGreaterThan(0);
    expect(load.failures).toEqual({});
  });

  it("kubectl delete -f apps/<app>/kubernetes leaves nothing of it", async () => {
    await deleteApp(target);
  });
}
