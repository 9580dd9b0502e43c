import {
  API_PAGE_DEFAULT,
  API_PAGE_MAX,
  API_TOKENS_PER_USER_MAX,
  RATE_LIMITS,
} from "../core/limits";
import type { PageCtx } from "../core/page-context";
import { Layout } from "../ui/layout";

export interface ApiOperation {
  method: string;
  path: string;
  summary: string;
}

const perMinute = (l: { max: number; windowMs: number }) =>
  `${l.max} per ${l.windowMs === 60_000 ? "minute" : `${l.windowMs / 60_000} minutes`}`;

/** /api: how to use the API, with the endpoints listed from the generated OpenAPI document. */
export function ApiDocs(props: { page: PageCtx; operations: ApiOperation[]; baseUrl: string }) {
  const base = props.baseUrl.replace(/\/$/, "");
  return (
    <Layout
      page={props.page}
      title="API"
      canonical="/api"
      description="The ShortScience JSON API: papers, summaries, votes, comments and profiles."
    >
      <article class="prose api-docs">
        <h1>The ShortScience API</h1>
        <p>
          A JSON API under <code>/api/v1</code> for papers, summaries, votes, comments and public
          profiles. Its OpenAPI 3.1 description is at{" "}
          <a href="/api/openapi.json">/api/openapi.json</a>, generated from the same schemas that
          check every request.
        </p>
        <h2>Authentication and scopes</h2>
        <p>
          Reads need no token. Writes need a personal API token, made in{" "}
          <a href="/settings#api-tokens">Settings → API tokens</a> (at most{" "}
          {API_TOKENS_PER_USER_MAX}); it is shown once, so copy it then. Send it as{" "}
          <code>Authorization: Bearer ss_…</code>. A <strong>read</strong> token reads your own
          private summaries too; a <strong>write</strong> token also writes, edits and deletes
          summaries, votes and comments as you, once your e-mail address is confirmed. The API
          ignores the site's login cookie.
        </p>
        <h2>Errors</h2>
        <p>
          Every error is JSON of one form, with the HTTP status saying which kind:{" "}
          <code>{'{"error":{"code":"not_found","message":"The paper was not found."}}'}</code>. A
          400 names the field that was wrong; 401 is a missing, unknown or revoked token; 403 a
          read-only token or an account that may not write; 429 comes with <code>Retry-After</code>.
        </p>
        <h2>Pagination</h2>
        <p>
          Lists answer <code>{'{"items":[…],"next":"…"}'}</code>. Pass <code>next</code> back as{" "}
          <code>cursor</code> for the following page; it is <code>null</code> on the last.{" "}
          <code>limit</code> is {API_PAGE_DEFAULT} by default and at most {API_PAGE_MAX}.
        </p>
        <h2>Rate limits</h2>
        <ul>
          <li>
            With a token: {perMinute(RATE_LIMITS.apiReadPerToken)} requests, of which{" "}
            {perMinute(RATE_LIMITS.apiWritePerToken)} writes.
          </li>
          <li>Without a token: {perMinute(RATE_LIMITS.apiReadPerIp)} per address.</li>
          <li>Writes also count against the site's own limits (summaries, votes, comments).</li>
        </ul>
        <h2>Browsers and CORS</h2>
        <p>
          Every endpoint answers any origin (<code>Access-Control-Allow-Origin: *</code>, no
          credentials), so an extension or a page can call it. Writes are safe to allow that way:
          they need the bearer token, which a browser never sends by itself. For an arXiv or DOI
          page, <code>GET {base}/api/v1/lookup?url=https://arxiv.org/abs/1706.03762</code> gives the
          paper and its top summaries.
        </p>
        <h2>Endpoints</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">Method</th>
              <th scope="col">Path</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {props.operations.map((o) => (
              <tr>
                <td>
                  <code>{o.method}</code>
                </td>
                <td>
                  <code>{o.path}</code>
                </td>
                <td>{o.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </article>
    </Layout>
  );
}
