import { runService } from "@repo/service/run-service";
import { createApp } from "./app.js";

runService((config) => createApp({ config }));
