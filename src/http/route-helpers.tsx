import type { Context } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { CurrentUser } from "../core/current-user";
import { DomainError } from "../core/errors";
import { Layout } from "../ui/layout";
import type { AppEnv } from "./app-env";
import { clientIp } from "./client-ip";
import { noStore } from "./forms";
import { pageCtx } from "./page-context";
import { sendPage } from "./send-page";

// biome-ignore lint/suspicious/noExplicitAny: any route's context (path and input types vary).
export type C = Context<AppEnv, any, any>;

export const isHttps = (c: C) => c.get("deps").config.baseUrl.startsWith("https:");

export const ipOf = (c: C) => clientIp(c, c.get("deps").config.trustProxy);

/** A page with a form: rendered in the layout and never cached. */
export function formPage(
  c: C,
  title: string,
  body: JSX.Element,
  status: ContentfulStatusCode = 200,
) {
  noStore(c);
  return sendPage(
    c,
    <Layout page={pageCtx(c)} title={title}>
      {body}
    </Layout>,
    status,
  );
}

/** The logged-in user, or a 403 that says to log in. */
export function requireUser(c: C): CurrentUser {
  const user = c.get("user");
  if (!user) throw new DomainError("forbidden", "Please log in first.");
  return user;
}
