// What to do with a service once it is generated: from running it locally to the cluster.
import type { ServiceAnswers } from "./service-answers.js";

export function nextSteps({ name, port, host }: ServiceAnswers, image: string): string {
  const workflow = `.github/workflows/app-${name}.yml`;
  return [
    `apps/${name} is ready. Next:`,
    `  Run it locally on http://localhost:${port} (and its tests):`,
    `    pnpm --filter ${name} dev`,
    `    pnpm --filter ${name} test`,
    "  Build its image and run it:",
    `    docker build -f apps/${name}/Dockerfile -t ${name} .`,
    `    docker run --rm -p ${port}:${port} ${name}`,
    `  Push: on the default branch, deliver.yml builds and pushes ${image}:sha-<commit> and commits it into apps/${name}/kubernetes/deployment.yaml:`,
    `    git add apps/${name} ${workflow} pnpm-lock.yaml && git commit -m "Add ${name}" && git push`,
    `  Argo CD deploys that commit; without it, pull it and apply, then open http://${host}:`,
    `    git pull && kubectl apply -f apps/${name}/kubernetes`,
    "",
  ].join("\n");
}
