export { default } from "@repo/config/eslint";
