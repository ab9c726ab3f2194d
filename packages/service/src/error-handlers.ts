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
      next(error);
      return;
    }
    if (error instanceof HttpError) {
      res.set(error.headers).status(error.status).json({ detail: error.detail });
      return;
    }
    const status = clientStatus(error);
    if (status !== undefined) {
      const { type } = error as ParserError;
      const detail =
        type === "entity.parse.failed"
          ? "Malformed JSON body"
          : type === "entity.too.large"
            ? "Request body too large"
            : "Bad Request";
      res.status(status).json({ detail });
      return;
    }
    onServerError(error, req, res);
    res.status(500).json({ detail: "Internal Server Error" });
  };
}
