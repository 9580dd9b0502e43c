import { Hono, type MiddlewareHandler } from "hono";
import type { JSX } from "hono/jsx/jsx-runtime";
import { notFound } from "../core/errors";
import { isModerator } from "../core/publish-policy";
import type { AppEnv } from "../http/app-env";
import { formFields } from "../http/forms";
import { idParam, pageParam } from "../http/params";
import { type C, formPage } from "../http/route-helpers";
import { moderate, parseAction, parseTarget } from "./moderation.service";
import {
  HiddenList,
  LogTable,
  ModerationPage,
  type ModerationTab,
  QueueList,
  tabHref,
} from "./moderation.view";
import { getHidden, getLog, getQueue } from "./moderation-queue.service";

/**
 * Everything under /moderation is there for moderators and admins only; to anyone else it
 * does not exist (404), so the routes give nothing away.
 */
const moderatorsOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!isModerator(c.get("user"))) throw notFound("That page");
  await next();
};

function moderatorOf(c: C) {
  const user = c.get("user");
  if (!user || !isModerator(user)) throw notFound("That page");
  return user;
}

/** The page an action came from (one of ours, with its page number), or the queue. */
function backTo(raw: string): string {
  return /^\/moderation(\/hidden)?(\?page=\d{1,6})?$/.test(raw) ? raw : "/moderation";
}

function tabPage(c: C, tab: ModerationTab, pageCount: number, page: number, body: JSX.Element) {
  const user = moderatorOf(c);
  return formPage(
    c,
    "Moderation",
    <ModerationPage tab={tab} isAdmin={user.role === "admin"} page={page} pageCount={pageCount}>
      {body}
    </ModerationPage>,
  );
}

export function moderationPages() {
  const app = new Hono<AppEnv>();
  app.use("/moderation", moderatorsOnly);
  app.use("/moderation/*", moderatorsOnly);

  app.get("/moderation", async (c) => {
    const page = pageParam(c.req.query("page"));
    const queue = await getQueue(c.get("deps").db, page);
    const csrf = moderatorOf(c).csrfToken;
    const body = <QueueList queue={queue} csrf={csrf} back={tabHref("queue")(page)} />;
    return tabPage(c, "queue", queue.pageCount, page, body);
  });

  app.get("/moderation/hidden", async (c) => {
    const page = pageParam(c.req.query("page"));
    const hidden = await getHidden(c.get("deps").db, page);
    const csrf = moderatorOf(c).csrfToken;
    const body = <HiddenList hidden={hidden} csrf={csrf} back={tabHref("hidden")(page)} />;
    return tabPage(c, "hidden", hidden.pageCount, page, body);
  });

  // Admins only: to a moderator, as to anyone else, there is no such page.
  app.get("/moderation/log", async (c) => {
    if (moderatorOf(c).role !== "admin") throw notFound("That page");
    const page = pageParam(c.req.query("page"));
    const log = await getLog(c.get("deps").db, page);
    return tabPage(c, "log", log.pageCount, page, <LogTable log={log} />);
  });

  app.post("/moderation/:kind/:id", async (c) => {
    const actor = moderatorOf(c);
    const target = parseTarget(c.req.param("kind"), idParam(c.req.param("id"), "target"));
    const field = await formFields(c);
    const action = parseAction(target, field("action"));
    await moderate(c.get("deps").db, actor, target, action);
    return c.redirect(backTo(field("back")), 303);
  });

  return app;
}
