// node-plop imports the plopfile with Node's own loader, outside Vitest's transform: tsx's
// loader lets it read TypeScript, as it does when `pnpm gen` runs the CLI with tsx.
import { register } from "tsx/esm/api";

register();
