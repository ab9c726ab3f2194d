// The name rules Kubernetes and DNS put on what the repository names: apps, Services, hosts.

// RFC 1123 label: lowercase letters, digits and '-', a letter or digit at each end.
const LABEL = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?$/;
// RFC 1035 label: the same, starting with a letter.
const LABEL_1035 = /^[a-z](?:[-a-z0-9]*[a-z0-9])?$/;
// Kubernetes' DNS-1123 subdomain: labels joined by '.', bounded as a whole only.
const SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label of at most 63 characters: a namespace, an IngressClass, an app's name. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && LABEL.test(value);
}

/**
 * A DNS-1035 label of at most `maxLength` characters (63): what a Service's name must be. A
 * caller with its own message for the length passes Infinity.
 */
export function isDns1035Label(value: string, maxLength = 63): boolean {
  return value.length <= maxLength && LABEL_1035.test(value);
}

/** A DNS-1123 subdomain of at most 253 characters: what most Kubernetes objects' names must be. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && SUBDOMAIN.test(value);
}

/** A DNS host name: labels of at most 63 characters each, 253 in all (example.com). */
export function isHostName(value: string): boolean {
  return value.length <= 253 && value.split(".").every(isDnsLabel);
}
