// The headers the runtime adds to every response: the request id, the security headers and,
// once draining, `connection: close`. They are added when the response's head is written,
// through the writeHead of the app's response prototype (which Express lets an app extend),
// rather than set one by one as each request arrives: a route's own value for any of them
// still wins, and an API answer's whole head goes to Node in one call, where each header is
// checked once. Set one by one, Node checks each header when it is set and again when it
// writes the head, which made them one of the larger costs of a request. on-headers (jshttp's
// hook for this, used by compression and morgan) was measured in its place: it wraps writeHead
// on each response, a property added to every response, and sets each header on its own, and
// the demo lost 15 to 20% of its throughput to it (bench/README.md).
import type { ServerResponse } from "node:http";
import type { Express, Response } from "express";
import type { Health } from "./health.js";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id.js";
import type { HeaderList } from "./security-headers.js";

export interface RuntimeHeaders {
  /** Sent with every response that does not set its own value for them. */
  security: HeaderList;
  health: Health;
}

/** [name, value, name, value, …], the flat form Node's writeHead takes. */
type FlatHeaders = (string | number)[];

export function installRuntimeHeaders(app: Express, { security, health }: RuntimeHeaders): void {
  const securityFlat = security.flat();
  // Node's, unless something extended the prototype chain first; called on each response.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const inherited: typeof ServerResponse.prototype.writeHead = app.response.writeHead;

  function headersOf(res: Response): FlatHeaders {
    const id = requestIdOf(res);
    const headers: FlatHeaders = id === undefined ? [] : [REQUEST_ID_HEADER, id];
    headers.push(...securityFlat);
    // Tells keep-alive clients to reconnect elsewhere after this response.
    if (health.readiness === "stopping") headers.push("connection", "close");
    return headers;
  }

  function writeHead(this: Response, ...args: unknown[]): Response {
    const runtime = headersOf(this);
    const given = args.at(-1);
    if (Array.isArray(given) && this.getHeaderNames().length === 0) {
      // Node's fast path: the whole head in one list, nothing set before.
      const head = without(runtime, given as FlatHeaders);
      head.push(...(given as FlatHeaders));
      args[args.length - 1] = head;
    } else {
      // Headers given as an object, or after others were set, are merged by Node over these.
      for (let i = 0; i < runtime.length; i += 2) {
        const name = runtime[i] as string;
        if (!this.hasHeader(name)) this.setHeader(name, runtime[i + 1]!);
      }
    }
    return inherited.apply(this, args as Parameters<typeof inherited>) as Response;
  }

  app.response.writeHead = writeHead as Response["writeHead"];
}

/** The runtime's headers that the given list does not name itself (a new list either way). */
function without(runtime: FlatHeaders, given: FlatHeaders): FlatHeaders {
  let kept = runtime;
  for (let i = 0; i < runtime.length; i += 2) {
    if (names(given, runtime[i] as string)) {
      kept = [];
      for (let j = 0; j < runtime.length; j += 2) {
        if (!names(given, runtime[j] as string)) kept.push(runtime[j]!, runtime[j + 1]!);
      }
      break;
    }
  }
  return kept;
}

function names(headers: FlatHeaders, lowerCaseName: string): boolean {
  for (let i = 0; i < headers.length; i += 2) {
    if (String(headers[i]).toLowerCase() === lowerCaseName) return true;
  }
  return false;
}
