import type { ConfigArray } from "typescript-eslint";

declare const config: ConfigArray;
export default config;
