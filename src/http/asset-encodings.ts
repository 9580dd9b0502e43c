import {
  type Coding,
  chooseCoding,
  codedEtag,
  compressForStore,
  ifNoneMatchHits,
} from "./page-encodings";

/**
 * Static files (assets.ts) are compressed once per process, the first time a client asks for
 * a coding, not per request: the editor's bundle is half a megabyte. Not at startup either:
 * every app made (each test file makes several) would pay for bundles nobody fetches.
 *
 * Held beside the file's bytes (a WeakMap on them): as bounded as the files, and gone with them.
 */
const encodings = new WeakMap<Uint8Array, Promise<Partial<Record<Coding, Uint8Array>>>>();

/** Text (CSS, JS, SVG, plain); fonts and icons are compressed formats already. */
const COMPRESSIBLE_ASSET = /^(?:text\/|image\/svg\+xml)/;

export interface StaticFile {
  body: Uint8Array;
  type: string;
  etag: string;
}

/** A file's answer: the coding the request accepts, its own ETag, or a 304 for it. */
export async function answerAsset(
  req: Request,
  file: StaticFile,
  headers: Record<string, string>,
): Promise<Response> {
  let body = file.body;
  let etag = file.etag;
  const out: Record<string, string> = { ...headers, "Content-Type": file.type };
  if (COMPRESSIBLE_ASSET.test(file.type)) {
    out.Vary = "Accept-Encoding";
    const coded = await encodedForms(file.body);
    const coding = chooseCoding(req.headers.get("accept-encoding"), coded);
    const bytes = coding === "identity" ? undefined : coded[coding];
    if (coding !== "identity" && bytes) {
      body = bytes;
      etag = codedEtag(file.etag, coding);
      out["Content-Encoding"] = coding;
    }
  }
  out.ETag = etag;
  const inm = req.headers.get("if-none-match");
  if (inm !== null && ifNoneMatchHits(inm, etag)) {
    delete out["Content-Encoding"];
    return new Response(null, { status: 304, headers: out });
  }
  out["Content-Length"] = String(body.byteLength);
  return new Response(body as Uint8Array<ArrayBuffer>, { status: 200, headers: out });
}

function encodedForms(body: Uint8Array): Promise<Partial<Record<Coding, Uint8Array>>> {
  let forms = encodings.get(body);
  if (!forms) {
    forms = compressForStore(body);
    encodings.set(body, forms);
  }
  return forms;
}
