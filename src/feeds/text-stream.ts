// Text pieces → a response body, for the feeds and sitemaps that are written batch by batch.

const encoder = new TextEncoder();

/**
 * One chunk per piece, pulled as the client reads: a slow client holds one batch, not the
 * whole document. highWaterMark 0: nothing is read ahead of the client. A client that goes
 * away cancels the stream, which ends the generator (no further batch is read).
 */
export function textStream(pieces: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await pieces.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      },
      async cancel() {
        await pieces.return(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Reads the first piece now, before the response is sent: a failure there (the database
 * down) is still answered with an error status instead of a cut-off 200.
 */
export async function startedTextStream(
  pieces: AsyncGenerator<string>,
): Promise<ReadableStream<Uint8Array>> {
  const first = await pieces.next();
  async function* rest(): AsyncGenerator<string> {
    try {
      if (first.done) return;
      yield first.value;
      yield* pieces;
    } finally {
      // A client gone after the first piece: end the generator here too.
      await pieces.return(undefined);
    }
  }
  return textStream(rest());
}
