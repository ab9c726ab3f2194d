// The last handlers of every app: unknown paths and errors answer in FastAPI's JSON shapes.
import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { HttpError } from "./fastapi-errors.js";

export const notFound: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, "Not Found"));
};

/** Errors raised by body parsers carry their status in these fields. */
interface ParserError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
  charset?: string;
}

/** The detail of a body parser's error, by its type; others say what the parser says. */
function parserDetail({ type, message, charset }: ParserError): string {
  switch (type) {
    case "entity.parse.failed":
      return "Malformed JSON body";
    case "entity.too.large":
      return "Request body too large";
    case "charset.unsupported":
      return `Unsupported charset ${JSON.stringify(charset)}: send the JSON body in UTF-8`;
    default:
      return message ?? "Bad Request";
  }
}

export function clientStatus(error: unknown): number | undefined {
  if (error instanceof HttpError) return error.status;
  const { status, statusCode, expose } = (error ?? {}) as ParserError;
  const code = status ?? statusCode;
  return expose && code !== undefined && code >= 400 && code < 500 ? code : undefined;
}

/** onServerError sees the error and its request, to log them; the client only sees a 500. */
export function errorHandler(
  onServerError: (error: unknown, req: Request, res: Response) => void,
): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // A body that stopped arriving after the answer was sent (a 408) needs nothing more.
      if (clientStatus(error) === undefined) next(error);
      return;
    }
    if (error instanceof HttpError) {
      res.set(error.headers).status(error.status).json({ detail: error.detail });
      return;
    }
    const status = clientStatus(error);
    if (status !== undefined) {
      res.status(status).json({ detail: parserDetail(error as ParserError) });
      return;
    }
    onServerError(error, req, res);
    res.status(500).json({ detail: "Internal Server Error" });
  };
}
