export { default } from "@repo/config/prettier";
