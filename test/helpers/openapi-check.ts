import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { expect } from "vitest";

// Live API answers checked against the generated OpenAPI 3.1 document: the document itself by
// an OpenAPI schema validator, each response body by Ajv (JSON Schema 2020-12, the dialect of
// OpenAPI 3.1) against the schema the document declares for that path, method and status.

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document.
type Doc = any;

export async function validateDocument(doc: Doc): Promise<void> {
  const result = await new Validator().validate(doc);
  expect(result.errors ?? [], JSON.stringify(result.errors)).toEqual([]);
  expect(result.valid).toBe(true);
}

export function createResponseChecker(doc: Doc) {
  // strict: false lets the root carry `components` for the documents' #/components/… refs.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const compiled = new Map<string, ValidateFunction>();
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    re: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));

  /** The body, after checking status and shape against the document; fails the test if not. */
  return async function check(method: string, url: string, res: Response): Promise<Doc> {
    const path = new URL(url, "http://localhost").pathname;
    // Fixed paths come first in the document (…/papers/search before …/papers/{id}).
    const matching = templates.filter((t) => t.re.test(path));
    const found = matching.find((t) => doc.paths[t.template][method.toLowerCase()]) ?? matching[0];
    if (!found) {
      // An address the document doesn't have: a 404 (or the refusal of a malformed address)
      // in the document's error format.
      expect(res.status >= 400 && res.status < 500, `${res.status} at ${path}`).toBe(true);
      return checkWith("error", { $ref: "#/components/schemas/Error" }, await res.json());
    }
    const template = found?.template ?? "";
    const op = doc.paths[template]?.[method.toLowerCase()];
    if (!op) {
      // A method the path doesn't take: a 405 with Allow (or what comes first: the refusal of
      // a malformed address, 400, or of an oversized body, 413), in the error format.
      expect([400, 405, 413], `${method} ${template}`).toContain(res.status);
      if (res.status === 405) expect(res.headers.get("allow")).toBeTruthy();
      return checkWith("error", { $ref: "#/components/schemas/Error" }, await res.json());
    }
    const status = String(res.status);
    const response = op.responses[status] ?? op.responses.default;
    expect(response, `${method} ${template} declares no ${status}`).toBeDefined();
    expect(res.headers.get("content-type") ?? "").toMatch(/^application\/json/);
    const body = await res.json();
    const key = `${method} ${template} ${op.responses[status] ? status : "default"}`;
    return checkWith(key, response.content["application/json"].schema, body);
  };

  function checkWith(key: string, schema: object, body: Doc): Doc {
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ ...schema, components: doc.components });
      compiled.set(key, validate);
    }
    const ok = validate(body);
    expect(
      ok,
      `${key}: ${JSON.stringify(validate.errors)} in ${JSON.stringify(body).slice(0, 500)}`,
    ).toBe(true);
    return body;
  }
}
