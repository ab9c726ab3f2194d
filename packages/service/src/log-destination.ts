// Where a service's log lines go: stdout, written asynchronously and in batches.
import pino, { type DestinationStream } from "pino";

export interface LogDestination extends DestinationStream {
  write(line: string): void;
  /** Calls back once every line given so far is written. */
  flush(callback: (error?: Error) => void): void;
}

/** About this many characters of lines make a batch: a write every 70 or so request lines. */
const BATCH_CHARS = 16 * 1024;
/** A quiet service's lines wait no longer than this. */
const MAX_DELAY_MS = 250;

/** A busy service writes its lines by the batch rather than one by one, and asynchronously:
 * each write is handed to a thread of libuv's pool, so the fewer the better, and the syscalls
 * stay off the event loop. A quiet service still has each line out within a quarter of a
 * second.
 *
 * The batch is joined here, as one string: SonicBoom's own batching measures its pending
 * text again on every line (or, given bytes, costs a Buffer per line), which made it the
 * larger part of a request's log line. SonicBoom still does the writing, and pino still flushes
 * it when the process ends (synchronously on exit, even after an uncaught error), so its two
 * flushes first hand over the lines batched here. Only a batch already handed to the OS when
 * the process dies may be lost. */
export function batchedDestination(fd = 1): LogDestination {
  // minLength 1: SonicBoom writes each batch at once, and its flush(cb) waits for the writes
  // (with 0 it would call back straight away).
  const sonic = pino.destination({ dest: fd, sync: false, minLength: 1 });
  let batch = "";
  let timer: NodeJS.Timeout | undefined;

  const handOver = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (batch === "") return;
    const lines = batch;
    batch = "";
    // Looked up on each call: pino swaps the stream's methods for no-ops once stdout is gone.
    sonic.write(lines);
  };

  const flush = sonic.flush.bind(sonic);
  const flushSync = sonic.flushSync.bind(sonic);
  sonic.flush = (callback) => {
    handOver();
    flush(callback);
  };
  sonic.flushSync = () => {
    handOver();
    flushSync();
  };

  return {
    write(line) {
      batch += line;
      if (batch.length >= BATCH_CHARS) handOver();
      // Unref'd: waiting lines never keep the process alive; the exit flush writes them.
      else timer ??= setTimeout(handOver, MAX_DELAY_MS).unref();
    },
    flush(callback) {
      sonic.flush(callback);
    },
  };
}
