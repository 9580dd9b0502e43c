import { Hono, type MiddlewareHandler } from "hono";
import { invalid } from "../core/errors";
import { UNSUBSCRIBE_TOKEN_MAX_CHARS } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { formFields, noStore } from "../http/forms";
import { formPage, requireUser } from "../http/route-helpers";
import { readNotifications, unreadNotifications } from "./notifications.service";
import { NotificationList, UnsubscribeConfirm, UnsubscribeDone } from "./notifications.view";
import { unsubscribe, verifyUnsubscribeToken } from "./unsubscribe.service";

/**
 * The header's unread count, read for a logged-in reader's pages (GET). Those pages are
 * personal (cache-headers.ts: private, no-store; the page cache never stores a response to a
 * session), so no count ever reaches another reader.
 */
export function unreadCount(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.get("user");
    if (user && (c.req.method === "GET" || c.req.method === "HEAD")) {
      c.set("unreadNotifications", await unreadNotifications(c.get("deps").db, user.id));
    }
    await next();
  };
}

/** `/notifications` (logged in): the list, which marks what it shows read. */
export function notificationPages() {
  const app = new Hono<AppEnv>();
  app.get("/notifications", async (c) => {
    const user = requireUser(c);
    const items = await readNotifications(c.get("deps").db, user.id);
    c.set("unreadNotifications", 0);
    noStore(c);
    return formPage(c, "Notifications", <NotificationList items={items} />);
  });
  return app;
}

const badLink = () =>
  invalid(
    "This unsubscribe link is not valid. Use the link from the mail as it is, or turn comment mail off in Settings.",
  );

/** The token from the link's query, bounded before it is looked at. */
function linkToken(raw: string | undefined): string {
  if (!raw || raw.length > UNSUBSCRIBE_TOKEN_MAX_CHARS) throw badLink();
  return raw;
}

/**
 * One-click unsubscribe (RFC 8058). Mail clients POST `List-Unsubscribe=One-Click` to the
 * link without a session or our form token, so app.ts mounts these routes before the CSRF
 * check: the signed token is the proof. GET (a person following the link) only asks.
 */
export function unsubscribePages() {
  const app = new Hono<AppEnv>();
  app.get("/unsubscribe", async (c) => {
    const token = linkToken(c.req.query("token"));
    if ((await verifyUnsubscribeToken(c.get("deps").db, token)) === null) throw badLink();
    return formPage(c, "Stop comment mail", <UnsubscribeConfirm token={token} />);
  });
  app.post("/unsubscribe", async (c) => {
    const token = linkToken(c.req.query("token"));
    // Read (and so bounded and checked) like every form, though only the query matters.
    await formFields(c);
    if ((await unsubscribe(c.get("deps").db, token)) === null) throw badLink();
    return formPage(c, "You are unsubscribed", <UnsubscribeDone />);
  });
  return app;
}
