// The baseline: node:http replaying one answer the app gave (bench/http-capture.ts wrote it):
// the same status, headers (Content-Encoding, Set-Cookie, ETag, … in the app's order) and
// body bytes, framed the same way (Content-Length, or chunked when the app streamed). Only
// Date is node's own, as it is for the app. Nothing else runs per request.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const capture = JSON.parse(readFileSync(process.argv[2], "utf8"));
const body = readFileSync(process.argv[3]);
const chunked = capture.chunked === true;
// Flat [name, value, name, value, …]: repeated headers (Set-Cookie) stay as the app sent them.
const headers = capture.headers.flat();

const server = createServer((_req, res) => {
  res.writeHead(capture.status, headers);
  if (chunked) res.write(body);
  res.end(chunked ? undefined : body);
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${server.address().port}\n`);
});
