// Where a service's log lines go: stdout, written asynchronously and in batches.
import pino, { type DestinationStream } from "pino";

export interface LogDestination extends DestinationStream {
  write(line: string): void;
  /** Calls back once every line given so far is written. */
  flush(callback: (error?: Error) => void): void;
}

/** Asynchronous writes keep the syscalls off the event loop, and a busy service writes its
 * lines by the 4 kB rather than one by one; a quiet one still has each line out within a
 * quarter of a second. pino writes what is left synchronously when the process exits, even on
 * an uncaught error, and logger.flush(cb) waits for the rest (run-service.ts calls it before
 * exiting); only a batch already handed to the OS when the process dies may be lost.
 *
 * Lines are handed over as bytes: given text, SonicBoom measures its whole pending batch
 * again on every line, copying it flat each time; given bytes, it adds up lengths. */
export function batchedDestination(fd = 1): LogDestination {
  const sonic = pino.destination({
    dest: fd,
    sync: false,
    minLength: 4096,
    periodicFlush: 250,
    contentMode: "buffer",
  });
  // In buffer mode SonicBoom takes Buffers, which its typings (text only) do not say.
  const writeBytes = sonic.write.bind(sonic) as unknown as (bytes: Buffer) => boolean;
  return {
    write(line) {
      writeBytes(Buffer.from(line));
    },
    flush(callback) {
      sonic.flush(callback);
    },
  };
}
