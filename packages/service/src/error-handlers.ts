// The last handlers of every app: unknown paths and errors answer in FastAPI's JSON shapes.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import createError, { type HttpError } from "http-errors";
import { clientError } from "./fastapi-errors.js";

export const notFound: RequestHandler = (_req, _res, next) => {
  next(clientError(404, "Not Found"));
};

/** What the runtime's own errors carry, and what body parsers' errors say of themselves. */
interface ClientError extends HttpError {
  detail?: unknown;
  type?: string;
  charset?: string;
}

/** The detail of an error without one of its own: a body parser's, by its type. */
function parserDetail({ type, message, charset }: ClientError): string {
  switch (type) {
    case "entity.parse.failed":
      return "Malformed JSON body";
    case "entity.too.large":
      return "Request body too large";
    case "charset.unsupported":
      return `Unsupported charset ${JSON.stringify(charset)}: send the JSON body in UTF-8`;
    default:
      return message;
  }
}

/** An error meant for the client (http-errors' 4xx, which Express's body parsers raise too);
 * anything else is the service's own failure. */
function asClientError(error: unknown): ClientError | undefined {
  return createError.isHttpError(error) && error.expose && error.status >= 400 && error.status < 500
    ? error
    : undefined;
}

/** onServerError sees the error and its request, to log them; the client only sees a 500. */
export function errorHandler(
  onServerError: (error: unknown, req: Request, res: Response) => void,
): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const client = asClientError(error);
    if (res.headersSent) {
      // A body that stopped arriving after the answer was sent (a 408) needs nothing more.
      if (client === undefined) next(error);
      return;
    }
    if (client !== undefined) {
      if (client.headers !== undefined) res.set(client.headers);
      res.status(client.status).json({ detail: client.detail ?? parserDetail(client) });
      return;
    }
    onServerError(error, req, res);
    res.status(500).json({ detail: "Internal Server Error" });
  };
}
