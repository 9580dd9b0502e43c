import type { TestApp } from "./test-app";

/**
 * A browser-like client for app tests: keeps cookies, sends our Origin, and fills in the
 * form token from the last page it read (as a person submitting a form would).
 */
export interface TestClient {
  cookies: Map<string, string>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /** GETs `formPath` to read its token, then POSTs `fields` (with that token) to `action`. */
  submit(
    formPath: string,
    action: string,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  post(
    action: string,
    fields: Record<string, string>,
    headers?: Record<string, string>,
  ): Promise<Response>;
  csrf(): string | null;
  lastHtml: string;
}

/** Each client comes from its own address (the test app trusts X-Forwarded-For). */
export function createClient(t: TestApp, opts: { origin?: string; ip?: string } = {}): TestClient {
  const origin = opts.origin ?? "http://localhost";
  const ip =
    opts.ip ??
    `192.0.2.${Math.floor(Math.random() * 250) + 1}-${Math.random().toString(36).slice(2, 8)}`;
  const cookies = new Map<string, string>();
  let lastHtml = "";
  let token: string | null = null;

  const cookieHeader = () => [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const remember = (res: Response) => {
    for (const line of res.headers.getSetCookie()) {
      const [pair = "", ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some(
        (a) => /max-age=0/i.test(a.trim()) || /expires=Thu, 01 Jan 1970/i.test(a),
      );
      if (expired || value === "") cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  const request = async (
    path: string,
    init: Omit<RequestInit, "headers"> & { headers?: Record<string, string> },
  ) => {
    const headers: Record<string, string> = { "X-Forwarded-For": ip, ...init.headers };
    if (cookies.size > 0) headers.Cookie = cookieHeader();
    const res = await t.fetch(
      new Request(`http://localhost${path}`, { ...init, headers, redirect: "manual" }),
    );
    remember(res);
    if ((res.headers.get("Content-Type") ?? "").startsWith("text/html")) {
      lastHtml = await res.clone().text();
      token = /name="_csrf" value="([^"]+)"/.exec(lastHtml)?.[1] ?? token;
    }
    return res;
  };
  const post = (
    action: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ) =>
    request(action, {
      method: "POST",
      body: new URLSearchParams({ _csrf: token ?? "", ...fields }),
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, ...headers },
    });
  return {
    cookies,
    get: (path, headers = {}) => request(path, { method: "GET", headers }),
    async submit(formPath, action, fields, headers = {}) {
      await request(formPath, { method: "GET", headers });
      return post(action, fields, headers);
    },
    post,
    csrf: () => token,
    get lastHtml() {
      return lastHtml;
    },
  };
}
