import { createServer } from "node:net";

/** A TCP port nothing listens on right now at `host`, for a server a test or a script starts. */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error(`could not read the port the probe server got on ${host}`));
      });
    });
  });
}
