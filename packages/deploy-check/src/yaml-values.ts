// Reading parsed YAML whose shape is not guaranteed: a missing or mistyped field reads as empty,
// so each rule reports what is wrong instead of throwing on it.
export type Obj = Record<string, unknown>;

export const obj = (value: unknown): Obj =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Obj) : {};

export const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const text = (value: unknown): string => (typeof value === "string" ? value : "");
