import { runService } from "@repo/service";
import manifest from "../package.json" with { type: "json" };
import { createApp } from "./app.js";

// Listens on the port recorded for this app in package.json, so apps run side by side in
// `pnpm dev`; a PORT variable (the image sets one) still wins.
runService((config) => createApp({ config }), {
  PORT: String(manifest.shipyard.port),
  ...process.env,
});
