import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { checkRepository } from "../src/check.js";
import { formatProblem } from "../src/problem.js";
import { copyRepository, edit, repositoryRoot } from "./repository-copy.js";

const deployment = "apps/demo/kubernetes/deployment.yaml";
const service = "apps/demo/kubernetes/service.yaml";
const ingress = "apps/demo/kubernetes/ingress.yaml";
const dockerfile = "apps/demo/Dockerfile";
const workflow = ".github/workflows/app-demo.yml";

async function lines(root: string): Promise<string[]> {
  return (await checkRepository(root)).problems.map(formatProblem);
}

describe("the repository as it is", () => {
  it("passes every rule", async () => {
    const { apps, problems } = await checkRepository(repositoryRoot);
    expect(apps).toContain("demo");
    expect(problems.map(formatProblem)).toEqual([]);
  });
});

describe("a copy of the demo with one defect", () => {
  let root: string;
  let remove: () => void;
  beforeEach(() => {
    ({ root, remove } = copyRepository());
  });
  afterEach(() => remove());

  it("starts clean", async () => {
    expect(await lines(root)).toEqual([]);
  });

  it("rejects an unknown field in a container", async () => {
    edit(root, deployment, /^(\s+)image: /m, "$1imagee: ");
    expect(await lines(root)).toContain(
      `${deployment}: spec.template.spec.containers[0].imagee is not a field of apps/v1 Deployment (fix: remove "imagee" or correct its spelling)`,
    );
  });

  it("rejects a v1beta1 serviceName in a v1 Ingress", async () => {
    edit(
      root,
      ingress,
      /backend:\n(\s+)service:\n\s+name: demo\n\s+port:\n\s+name: http/,
      "backend:\n$1serviceName: demo\n$1servicePort: http",
    );
    const found = await lines(root);
    expect(found).toEqual(
      expect.arrayContaining([
        `${ingress}: spec.rules[0].http.paths[0].backend.serviceName is not a field of networking.k8s.io/v1 Ingress (fix: remove "serviceName" or correct its spelling)`,
        `${ingress}: spec.rules[0].http.paths[0].backend.servicePort is not a field of networking.k8s.io/v1 Ingress (fix: remove "servicePort" or correct its spelling)`,
      ]),
    );
  });

  it("reports a YAML syntax error with its line", async () => {
    edit(root, service, /^spec:$/m, "spec: [");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/service\.yaml: line \d+ is not valid YAML: /),
      ]),
    );
  });

  it("rejects a wrong type", async () => {
    edit(root, deployment, /replicas: \d+/, 'replicas: "two"');
    expect(await lines(root)).toContain(
      `${deployment}: spec.replicas must be of type integer (fix: write an integer here)`,
    );
  });

  it("rejects a missing required field", async () => {
    edit(
      root,
      deployment,
      /^ {2}selector:\n {4}matchLabels:\n {6}app.kubernetes.io\/name: demo\n/m,
      "",
    );
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        `${deployment}: spec is missing the required field "selector" (fix: add selector)`,
      ]),
    );
  });

  it("rejects an invalid object name", async () => {
    edit(root, service, /^ {2}name: demo$/m, "  name: Demo_Service");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /service\.yaml: metadata\.name "Demo_Service" must be a DNS-1035 label/,
        ),
      ]),
    );
  });

  it("rejects a selector that matches no pod label", async () => {
    edit(
      root,
      deployment,
      /matchLabels:\n(\s+)app.kubernetes.io\/name: demo/,
      "matchLabels:\n$1app.kubernetes.io/name: other",
    );
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /deployment\.yaml: spec\.selector\.matchLabels \{"app.kubernetes.io\/name":"other"\} does not match the pod labels/,
        ),
      ]),
    );
  });

  it("rejects a Service selector that selects no pod", async () => {
    edit(
      root,
      service,
      /selector:\n(\s+)app.kubernetes.io\/name: demo/,
      "selector:\n$1app.kubernetes.io/name: dmeo",
    );
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /service\.yaml: spec\.selector \{"app.kubernetes.io\/name":"dmeo"\} selects no pod/,
        ),
      ]),
    );
  });

  it("rejects a Service targetPort that names no container port", async () => {
    edit(root, service, /targetPort: http/, "targetPort: web");
    expect(await lines(root)).toContain(
      `${service}: spec.ports[0].targetPort "web" matches no container port (container has "http", "metrics") (fix: name the container port and use that name as targetPort)`,
    );
  });

  it("rejects a container port that differs from the app's PORT and the Dockerfile's EXPOSE", async () => {
    edit(root, deployment, /containerPort: 8000/, "containerPort: 8080");
    const found = await lines(root);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /deployment\.yaml: spec\.template\.spec\.containers\[0\]\.ports has no containerPort 8000/,
        ),
        expect.stringMatching(/Dockerfile: EXPOSE does not expose 8080/),
      ]),
    );
  });

  it("rejects an Ingress backend that is not the app's Service", async () => {
    edit(root, ingress, /service:\n(\s+)name: demo/, "service:\n$1name: demo-svc");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /ingress\.yaml: spec\.rules\[0\]\.http\.paths\[0\]\.backend\.service\.name "demo-svc" is not a Service of this app/,
        ),
      ]),
    );
  });

  it("rejects a probe path the runtime does not serve", async () => {
    edit(root, deployment, /path: \/readyz/, "path: /ready");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /readinessProbe\.httpGet\.path is "\/ready", but the runtime serves readiness on \/readyz/,
        ),
      ]),
    );
  });

  it("rejects an image that is not the one deploy.config.yaml names", async () => {
    edit(root, deployment, /image: \S+/, "image: docker.io/someone-else/demo:latest");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /containers\[0\]\.image is "docker.io\/someone-else\/demo:latest", but deploy\.config\.yaml makes this app's image/,
        ),
      ]),
    );
  });

  it.each([
    [
      "docker.io/your-dockerhub-username/demo:latest",
      'its tag "latest" can name another image tomorrow',
    ],
    [
      "docker.io/your-dockerhub-username/demo:main",
      'its tag "main" can name another image tomorrow',
    ],
    ["docker.io/your-dockerhub-username/demo", "it names no tag, which means :latest"],
  ])("rejects the mutable image reference %s, naming the file and the fix", async (image, why) => {
    edit(root, deployment, /image: \S+/, `image: ${image}`);
    expect(await lines(root)).toContain(
      `${deployment}: spec.template.spec.containers[0].image is "${image}": ${why}, so git no longer says what runs ` +
        "(fix: name an immutable reference: CI writes <image>:sha-<commit>@sha256:<digest> here after each push to main; pnpm rollout demo <commit> writes the one a commit built)",
    );
  });

  it("accepts the references CI writes back and the first build's placeholder", async () => {
    const digest = `sha256:${"0a".repeat(32)}`;
    for (const image of [
      `docker.io/your-dockerhub-username/demo:sha-abc1234@${digest}`,
      `docker.io/your-dockerhub-username/demo@${digest}`,
      "docker.io/your-dockerhub-username/demo:sha-0000000",
    ]) {
      edit(root, deployment, /image: \S+/, `image: ${image}`);
      expect((await lines(root)).filter((line) => line.includes(".image "))).toEqual([]);
    }
  });

  it("rejects a grace period shorter than the shutdown timeout", async () => {
    edit(
      root,
      deployment,
      /terminationGracePeriodSeconds: \d+/,
      "terminationGracePeriodSeconds: 5",
    );
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /terminationGracePeriodSeconds is 5 s, not longer than the app's shutdown timeout of 15 s/,
        ),
      ]),
    );
  });

  it("rejects a Deployment below the restricted profile", async () => {
    edit(root, deployment, /allowPrivilegeEscalation: false/, "allowPrivilegeEscalation: true");
    edit(root, deployment, /readOnlyRootFilesystem: true/, "readOnlyRootFilesystem: false");
    const found = await lines(root);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/securityContext\.allowPrivilegeEscalation is not false/),
        expect.stringMatching(/securityContext\.readOnlyRootFilesystem is not true/),
      ]),
    );
  });

  it("rejects a Dockerfile that runs as root or in shell form", async () => {
    edit(root, dockerfile, /^USER .*$/m, "USER root");
    edit(root, dockerfile, /^CMD .*$/m, "CMD node /app/main.cjs");
    const found = await lines(root);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Dockerfile the final stage runs as USER root/),
        expect.stringMatching(/Dockerfile: line \d+ CMD is in shell form/),
      ]),
    );
  });

  it("reports what the Dockerfile linter finds", async () => {
    edit(root, dockerfile, /^(COPY --from=build .*)$/m, "COPY /app/\n$1");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/Dockerfile: line \d+ COPY requires at least two arguments/),
      ]),
    );
  });

  it("reports what actionlint finds in a workflow", async () => {
    edit(root, workflow, /^on:/m, "on:\n  nonsense_event:\n");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([expect.stringMatching(/app-demo\.yml: line \d+ .*\[actionlint/)]),
    );
  });

  it("rejects a workflow without least-privilege permissions", async () => {
    edit(root, workflow, /^permissions:(\n {2}.*)*\n/m, "permissions: write-all\n");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/app-demo\.yml: permissions grants write-all/),
      ]),
    );
  });

  it("rejects a caller workflow that misses a workspace dependency of the app", async () => {
    edit(
      root,
      "apps/demo/package.json",
      /"dependencies": \{/,
      '"dependencies": {\n    "@repo/rollout": "workspace:*",',
    );
    expect(await lines(root)).toContain(
      `${workflow}: on.pull_request.paths misses packages/rollout/**, so a change there would not rebuild demo's image (fix: add "- packages/rollout/**")`,
    );
  });

  it("rejects a caller workflow that pushes another image than deploy.config.yaml names", async () => {
    edit(root, workflow, /image: \S+/, "image: docker.io/someone-else/demo");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /app-demo\.yml: jobs\.\w+\.with\.image is "docker.io\/someone-else\/demo", but deploy\.config\.yaml makes this app's image docker\.io\/your-dockerhub-username\/demo/,
        ),
      ]),
    );
  });

  it("compares the workflow with the Deployment when deploy.config.yaml is invalid", async () => {
    edit(root, "deploy.config.yaml", /^registry: .*$/m, "registry: https://quay.io");
    edit(root, workflow, /image: \S+/, "image: docker.io/someone-else/demo");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^deploy\.config\.yaml registry must be a registry host/),
        expect.stringMatching(
          /app-demo\.yml: jobs\.\w+\.with\.image is "docker.io\/someone-else\/demo", but apps\/demo\/kubernetes runs docker\.io\/your-dockerhub-username\/demo/,
        ),
      ]),
    );
  });

  it("rejects an app whose caller workflow is missing", async () => {
    rmSync(join(root, workflow));
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/app-demo\.yml is missing, so CI never builds demo's image/),
      ]),
    );
  });

  it("rejects a caller workflow whose registry or login disagree with deploy.config.yaml", async () => {
    edit(root, "deploy.config.yaml", /^registry: .*$/m, "registry: harbor.example.com");
    edit(root, workflow, /image: docker\.io\//, "image: harbor.example.com/");
    edit(root, workflow, /login: .*/, "login: none");
    const found = await lines(root);
    expect(found).toContain(
      `${workflow}: jobs.image.with.registry is "docker.io", but deploy.config.yaml's registry harbor.example.com makes it "harbor.example.com" (fix: set registry: harbor.example.com)`,
    );
    expect(found).toContain(
      `${workflow}: jobs.image.with.login is "none", but deploy.config.yaml's registry harbor.example.com makes it "secrets" (fix: set login: secrets)`,
    );
  });

  it("rejects a concurrency group shared by every app", async () => {
    edit(root, workflow, /group: .*/, "group: images");
    expect(await lines(root)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/app-demo\.yml: concurrency\.group is "images"/),
      ]),
    );
  });
});
