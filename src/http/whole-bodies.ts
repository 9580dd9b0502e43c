/**
 * Responses whose body the app made whole, as bytes (send-page.ts, the paper page). Reading a
 * body back goes through a web stream, which costs more than compressing a page (0.4 ms a
 * request on the logged-in paper page): compress-responses.ts takes the bytes from here.
 * A WeakMap: the entry goes with its response.
 */
const bodies = new WeakMap<Response, Uint8Array>();

export function withWholeBody(res: Response, bytes: Uint8Array): Response {
  bodies.set(res, bytes);
  return res;
}

/** The bytes `res` was made from, when the app made it whole. */
export function wholeBodyOf(res: Response): Uint8Array | undefined {
  return bodies.get(res);
}
