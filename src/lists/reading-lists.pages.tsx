import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { invalid, notFound } from "../core/errors";
import { ATOM_TYPE, RSS_TYPE } from "../feeds/feed-format";
import { sendFeed } from "../feeds/feed-response";
import type { AppEnv } from "../http/app-env";
import { formFields, noStore, withFormErrors } from "../http/forms";
import { pageCtx } from "../http/page-context";
import { type C, formPage, requireUser } from "../http/route-helpers";
import { sendPage } from "../http/send-page";
import { getPaper } from "../papers/papers.service";
import { plural } from "../ui/format";
import { FormCard, FormMessage } from "../ui/forms";
import { Layout } from "../ui/layout";
import { withNext } from "../ui/next-link";
import { type AddFormValues, AddToListForm, addToListPath } from "./add-to-list.view";
import { exportFileName, listAtom, listBibtex, listCsv, listRss } from "./list-formats";
import { listItems } from "./list-items.service";
import { LIST_FORMATS, type ListFormat, listsPath } from "./list-paths";
import {
  type AddTarget,
  addPaper,
  createList,
  deleteList,
  editList,
  editNote,
  findListOwner,
  findVisibleList,
  type ListInput,
  listChoices,
  listsOf,
  movePaper,
  removePaper,
} from "./reading-lists.service";
import {
  ListFields,
  ListIndex,
  ListItems,
  ListLinks,
  ListSettings,
  ListsHeader,
  NewListForm,
  Visibility,
} from "./reading-lists.view";

// /user/NAME/lists (the owner sees every list, others the public ones), /user/NAME/lists/SLUG
// with .rss, .atom (public lists only), .bib and .csv; the owner's forms post to /lists/….
// A private list is a 404 to anyone but its owner, exactly like a list that does not exist.

const LIST_FILE = new RegExp(`^([a-z0-9-]{1,80})(?:\\.(${LIST_FORMATS.join("|")}))?$`);
const ID = "{[0-9]{1,12}}";

function listInput(field: (name: string) => string): ListInput {
  return {
    name: field("name"),
    description: field("description"),
    isPublic: field("public") === "1",
  };
}

function paperIdOf(value: string | undefined): number {
  if (!value || !/^[0-9]{1,12}$/.test(value)) throw invalid("Which paper? The form names none.");
  return Number(value);
}

async function sendListFile(c: C, username: string, slug: string, format: ListFormat) {
  const { db, config } = c.get("deps");
  const user = c.get("user");
  const owner = await findListOwner(db, username);
  const list = await findVisibleList(db, owner, slug, user);
  // A feed is for the public: a private list has none, whoever asks.
  if ((format === "rss" || format === "atom") && !list.isPublic) throw notFound("That list");
  const items = await listItems(db, list.id, config.baseUrl);
  if (format === "rss" || format === "atom") {
    const ctx = { list, ownerName: owner.displayName, baseUrl: config.baseUrl };
    return format === "rss"
      ? sendFeed(c, listRss(ctx, items), RSS_TYPE)
      : sendFeed(c, listAtom(ctx, items), ATOM_TYPE);
  }
  const body = format === "bib" ? listBibtex(items) : listCsv(items);
  return c.body(body, 200, {
    "Content-Type":
      format === "bib" ? "application/x-bibtex; charset=utf-8" : "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${exportFileName(list, format)}"`,
    // Only the owner reads a private list's export: no shared cache may keep it.
    ...(list.isPublic ? {} : { "Cache-Control": "private, no-store" }),
  });
}

async function sendListsIndex(
  c: C,
  username: string,
  form?: { values: ListInput; error: string; status: ContentfulStatusCode },
) {
  const { db } = c.get("deps");
  const user = c.get("user");
  const owner = await findListOwner(db, username);
  if (!form && owner.username !== username) return c.redirect(listsPath(owner.username), 301);
  const isOwner = user?.id === owner.id;
  const lists = await listsOf(db, owner, user);
  if (isOwner) noStore(c);
  return sendPage(
    c,
    <Layout
      page={pageCtx(c)}
      title={`Reading lists by ${owner.displayName}`}
      canonical={listsPath(owner.username)}
    >
      <ListsHeader owner={owner}>
        <h1>Reading lists by {owner.displayName}</h1>
      </ListsHeader>
      <ListIndex owner={owner} lists={lists} isOwner={isOwner} />
      {isOwner && user ? (
        <NewListForm csrf={user.csrfToken} values={form?.values} error={form?.error} />
      ) : null}
    </Layout>,
    form?.status ?? 200,
  );
}

export function readingListPages() {
  const app = new Hono<AppEnv>();

  app.get("/user/:username/lists", (c) => sendListsIndex(c, c.req.param("username")));

  app.get("/user/:username/lists/:file", async (c) => {
    const match = LIST_FILE.exec(c.req.param("file"));
    if (!match?.[1]) throw notFound("That list");
    const slug = match[1];
    const format = match[2] as ListFormat | undefined;
    const username = c.req.param("username");
    if (format) return sendListFile(c, username, slug, format);
    const { db, config } = c.get("deps");
    const user = c.get("user");
    const owner = await findListOwner(db, username);
    const list = await findVisibleList(db, owner, slug, user);
    if (owner.username !== username) return c.redirect(list.path, 301);
    const items = await listItems(db, list.id, config.baseUrl);
    const isOwner = user?.id === owner.id;
    if (isOwner) noStore(c);
    const csrf = isOwner && user ? user.csrfToken : null;
    return sendPage(
      c,
      <Layout
        page={pageCtx(c)}
        title={list.name}
        description={`${list.name}: a reading list of ${plural(items.length, "paper", "papers")} by ${owner.displayName}.`}
        canonical={list.path}
        head={
          list.isPublic ? (
            <>
              <link
                rel="alternate"
                type="application/rss+xml"
                title={`${list.name} (RSS)`}
                href={`${list.path}.rss`}
              />
              <link
                rel="alternate"
                type="application/atom+xml"
                title={`${list.name} (Atom)`}
                href={`${list.path}.atom`}
              />
            </>
          ) : undefined
        }
      >
        <ListsHeader owner={owner}>
          <h1>{list.name}</h1>
          <p class="muted">
            {plural(items.length, "paper", "papers")}
            {isOwner ? (
              <>
                {" "}
                · <Visibility isPublic={list.isPublic} />
              </>
            ) : null}
          </p>
          {list.description ? <p class="list-description">{list.description}</p> : null}
          <ListLinks list={list} />
        </ListsHeader>
        <ListItems list={list} items={items} csrf={csrf} />
        {csrf !== null ? <ListSettings list={list} csrf={csrf} /> : null}
      </Layout>,
    );
  });

  app.post("/lists", async (c) => {
    const user = requireUser(c);
    const field = await formFields(c);
    const input = listInput(field);
    return withFormErrors(
      async () => c.redirect(await createList(c.get("deps").db, user, input), 303),
      (error, status) => sendListsIndex(c, user.username, { values: input, error, status }),
    );
  });

  app.post(`/lists/:id${ID}/edit`, async (c) => {
    const user = requireUser(c);
    const field = await formFields(c);
    const input = listInput(field);
    const listId = Number(c.req.param("id"));
    return withFormErrors(
      async () => c.redirect(await editList(c.get("deps").db, user, listId, input), 303),
      (error, status) =>
        formPage(
          c,
          "Edit the list",
          <FormCard title="Edit the list">
            <FormMessage error={error} />
            <form method="post" action={`/lists/${listId}/edit`}>
              <input type="hidden" name="_csrf" value={user.csrfToken} />
              <ListFields idPrefix="edit-list" values={input} />
              <button type="submit" class="button">
                Save
              </button>
            </form>
          </FormCard>,
          status,
        ),
    );
  });

  app.post(`/lists/:id${ID}/delete`, async (c) => {
    const user = requireUser(c);
    const field = await formFields(c);
    if (field("confirm") !== "1") throw invalid("Tick the box to confirm, then delete.");
    await deleteList(c.get("deps").db, user, Number(c.req.param("id")));
    return c.redirect(listsPath(user.username), 303);
  });

  app.post(`/lists/:id${ID}/items/:paper${ID}/:action{note|move|remove}`, async (c) => {
    const user = requireUser(c);
    const field = await formFields(c);
    const { db } = c.get("deps");
    const listId = Number(c.req.param("id"));
    const paperId = Number(c.req.param("paper"));
    const action = c.req.param("action");
    let path: string;
    if (action === "note") path = await editNote(db, user, listId, paperId, field("note"));
    else if (action === "remove") path = await removePaper(db, user, listId, paperId);
    else {
      const direction = field("direction");
      if (direction !== "up" && direction !== "down") throw invalid("Move it up or down?");
      path = await movePaper(db, user, listId, paperId, direction);
    }
    return c.redirect(action === "remove" ? path : `${path}#paper-${paperId}`, 303);
  });

  app.get("/lists/add", async (c) => {
    const paperId = paperIdOf(c.req.query("paper"));
    const user = c.get("user");
    if (!user) return c.redirect(withNext("/login", addToListPath(paperId)), 303);
    return sendAddForm(c, paperId, { list: "", newName: "", note: "" });
  });

  app.post("/lists/add", async (c) => {
    const user = requireUser(c);
    const field = await formFields(c);
    const paperId = paperIdOf(field("paper"));
    const values = { list: field("list"), newName: field("new_name"), note: field("note") };
    return withFormErrors(
      async () => {
        const target: AddTarget = /^[0-9]{1,12}$/.test(values.list)
          ? { listId: Number(values.list) }
          : { newName: values.newName };
        const { path } = await addPaper(c.get("deps").db, user, target, paperId, values.note);
        return c.redirect(`${path}#paper-${paperId}`, 303);
      },
      (error, status) => sendAddForm(c, paperId, values, error, status),
    );
  });

  return app;
}

async function sendAddForm(
  c: C,
  paperId: number,
  values: AddFormValues,
  error?: string,
  status: ContentfulStatusCode = 200,
) {
  const user = requireUser(c);
  const { db } = c.get("deps");
  const paper = await getPaper(db, paperId);
  const choices = await listChoices(db, user.id, paperId);
  return formPage(
    c,
    "Add to a reading list",
    <AddToListForm
      paper={{ id: paper.id, title: paper.title, path: paper.path }}
      choices={choices}
      csrf={user.csrfToken}
      values={values}
      error={error}
    />,
    status,
  );
}
