import type { Config } from "prettier";

declare const config: Config;
export default config;
