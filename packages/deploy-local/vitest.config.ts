export { default } from "@repo/config/vitest";
