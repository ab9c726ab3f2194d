// The server's open connections, so a shutdown can close those that hold no request to answer.
// Node's server.close() and closeIdleConnections() leave open a connection that is still
// sending a request (or sent nothing yet): it is not idle to Node, and would keep the process
// alive until the shutdown timeout.
import type { Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";

/** `_httpMessage` is the response Node's server is writing on the socket (http-terminator reads
 * it the same way): there is no public way to ask a connection whether it is answering. */
type HttpSocket = Socket & { _httpMessage?: ServerResponse | null };

export class Connections {
  private readonly sockets = new Set<HttpSocket>();

  constructor(server: Server) {
    server.on("connection", (socket: HttpSocket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
  }

  /** Closes every connection that is not answering a request received in full: idle ones,
   * fresh ones that sent nothing, and those still sending a request's head or body. A request
   * whose body has not arrived has not reached its handler: nothing of it is lost. */
  closeUnanswered(): void {
    for (const socket of this.sockets) {
      const res = socket._httpMessage;
      if (!res || !res.req.complete) socket.destroy();
    }
  }
}
