// Declares routes once, with zod schemas that both validate requests and generate the
// OpenAPI document, as FastAPI does from a function's type hints.
import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  extendZodWithOpenApi,
} from "@asteasolutions/zod-to-openapi";
import express, { type IRouter, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { bodyAdmission } from "./body-admission.js";
import { defaultConfig } from "./config.js";
import { type RequestPart, clientError, validationDetails } from "./fastapi-errors.js";
import { routePattern } from "./route-pattern.js";
import type { GetRoutes } from "./runtime-routes.js";
import { documentHeaders } from "./security-headers.js";
import { sendJson } from "./send-json.js";
import { swaggerInitScript, swaggerUiHtml } from "./swagger-ui.js";

extendZodWithOpenApi(z);

type Method = "get" | "post" | "put" | "patch" | "delete";
type AnyObject = z.ZodObject;

export interface RouteSpec<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  summary?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** The schema of the 200 response, documented in the OpenAPI document. */
  response?: z.ZodType;
  status?: number;
}

export interface RouteInput<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  params: z.output<P>;
  query: z.output<Q>;
  body: z.output<B>;
  req: Request;
  res: Response;
}

// A type alias rather than an interface, so it fits the OpenAPI info object's index signature.
export type ApiInfo = {
  title: string;
  version: string;
  description?: string;
};

export interface ApiRouterOptions {
  /** Where routes are added: the app itself saves a nested router's dispatch on every request. */
  router?: IRouter;
  /** The largest JSON body a route that declares one accepts (the body-parser limit syntax). */
  bodyLimit?: string;
  /** What the bodies being received at once may hold together (same syntax). */
  bodyTotalLimit?: string;
  /** The longest a body may take to arrive. */
  bodyTimeoutMs?: number;
  /** Where /openapi.json and /docs go; the router itself when omitted, nowhere when false. */
  documents?: GetRoutes | false;
}

/** A route without params or query schema. */
type Empty = z.ZodObject<Record<never, never>>;

/** "/items/{item_id}" (OpenAPI) → "/items/:item_id" (Express). */
function expressPath(path: string): string {
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1");
}

function parse<T extends z.ZodType>(part: RequestPart, schema: T, value: unknown): z.output<T> {
  // Any parse option turns off zod's compiled fast path (about 15 times slower), so only a
  // value already found invalid is parsed again, with its inputs kept for the 422's details.
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const detailed = schema.safeParse(value, { reportInput: true });
  throw clientError(422, validationDetails(part, detailed.success ? result.error : detailed.error));
}

/** A handler that answered through `res` itself has nothing more to send. */
function sendResult(res: Response, status: number, result: unknown) {
  if (!res.headersSent) sendJson(res, status, result);
}

export class ApiRouter {
  readonly router: IRouter;
  private readonly registry = new OpenAPIRegistry();
  private readonly methodsByPath = new Map<string, Set<string>>();
  private readonly patterns: RegExp[] = [];
  private readonly jsonBody: RequestHandler[];
  private document: object | undefined;

  constructor(
    private readonly info: ApiInfo,
    options: ApiRouterOptions = {},
  ) {
    this.router = options.router ?? express.Router();
    // Parsed only on the routes that declare a body, so other requests skip the parser. Not
    // strict: a scalar body is parsed, then refused by its schema with FastAPI's 422.
    const defaults = defaultConfig();
    const limit = options.bodyLimit ?? defaults.bodyLimit;
    this.jsonBody = [
      bodyAdmission({
        limit,
        totalLimit: options.bodyTotalLimit ?? defaults.bodyTotalLimit,
        timeoutMs: options.bodyTimeoutMs ?? defaults.bodyTimeoutMs,
      }),
      express.json({ strict: false, limit }),
    ];
    const documents = options.documents ?? this.router;
    if (documents) this.serveDocuments(documents);
  }

  private serveDocuments(documents: GetRoutes) {
    documents.get("/openapi.json", (_req, res) => {
      res.json(this.openApiDocument());
    });
    const asDocument = documentHeaders();
    documents.get("/docs", asDocument, (_req, res) => {
      res.type("html").send(swaggerUiHtml(this.info.title));
    });
    documents.get("/docs/swagger-init.js", asDocument, (_req, res) => {
      res.type("js").send(swaggerInitScript("/openapi.json"));
    });
  }

  get<P extends AnyObject = Empty, Q extends AnyObject = Empty>(
    path: string,
    spec: RouteSpec<P, Q, z.ZodUndefined>,
    handler: (input: RouteInput<P, Q, z.ZodUndefined>) => unknown,
  ): this {
    return this.route("get", path, spec, handler);
  }

  post<
    P extends AnyObject = Empty,
    Q extends AnyObject = Empty,
    B extends z.ZodType = z.ZodUnknown,
  >(
    path: string,
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<P, Q, B>) => unknown,
  ): this {
    return this.route("post", path, spec, handler);
  }

  route<P extends AnyObject, Q extends AnyObject, B extends z.ZodType>(
    method: Method,
    path: string,
    spec: RouteSpec<P, Q, B>,
    handler: (input: RouteInput<P, Q, B>) => unknown,
  ): this {
    this.register(method, path, spec);
    const methods = this.methodsByPath.get(path) ?? new Set<string>();
    const isNewPath = methods.size === 0;
    methods.add(method.toUpperCase());
    this.methodsByPath.set(path, methods);

    const status = spec.status ?? 200;
    const handle: RequestHandler = (req, res, next) => {
      // A route that declares no parameters ignores them, as FastAPI does, without parsing.
      const params = spec.params ? parse("path", spec.params, req.params) : {};
      const query = spec.query ? parse("query", spec.query, req.query) : {};
      const body = spec.body ? parse("body", spec.body, req.body) : undefined;
      const result = handler({ params, query, body, req, res } as RouteInput<P, Q, B>);
      // A synchronous handler answers in the same tick; only a promise waits for a microtask.
      if (result instanceof Promise) {
        result.then((value) => sendResult(res, status, value)).catch(next);
      } else sendResult(res, status, result);
    };
    const route = this.router.route(expressPath(path));
    if (spec.body) route[method](...this.jsonBody, handle);
    else route[method](handle);
    if (isNewPath) {
      this.patterns.push(routePattern(path));
      // Registered once per path and after its first method, so every method of the path
      // is tried before the request is refused.
      this.router.all(expressPath(path), (_req, _res, next) => {
        const allow = [...methods].join(", ");
        next(clientError(405, "Method Not Allowed", { allow }));
      });
    }
    return this;
  }

  /** Whether a route declared here matches the path. */
  matches(path: string): boolean {
    return this.patterns.some((pattern) => pattern.test(path));
  }

  openApiDocument(): object {
    this.document ??= new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: "3.1.0",
      info: this.info,
    });
    return this.document;
  }

  private register(method: Method, path: string, spec: RouteSpec<AnyObject, AnyObject, z.ZodType>) {
    const validationError = {
      description: "Validation Error",
      content: { "application/json": { schema: ValidationErrorSchema } },
    };
    this.registry.registerPath({
      method,
      path,
      summary: spec.summary,
      request: {
        ...(spec.params && { params: spec.params }),
        ...(spec.query && { query: spec.query }),
        ...(spec.body && {
          body: { content: { "application/json": { schema: spec.body } }, required: true },
        }),
      },
      responses: {
        [spec.status ?? 200]: {
          description: "Successful Response",
          content: { "application/json": { schema: spec.response ?? z.unknown() } },
        },
        ...((spec.params || spec.query || spec.body) && { 422: validationError }),
      },
    });
  }
}

const ValidationErrorSchema = z
  .object({
    detail: z.array(
      z.object({
        loc: z.array(z.union([z.string(), z.int()])),
        msg: z.string(),
        type: z.string(),
      }),
    ),
  })
  .openapi("HTTPValidationError");

export function createApiRouter(info: ApiInfo, options?: ApiRouterOptions): ApiRouter {
  return new ApiRouter(info, options);
}
