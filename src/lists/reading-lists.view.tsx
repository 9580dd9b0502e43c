import type { Child } from "hono/jsx";
import {
  READING_LIST_DESCRIPTION_MAX_CHARS,
  READING_LIST_NAME_MAX_CHARS,
  READING_LIST_NOTE_MAX_CHARS,
} from "../core/limits";
import { formatAuthors, formatDate, plural } from "../ui/format";
import { CsrfField, FormMessage } from "../ui/forms";
import type { ListItem } from "./list-items.service";
import { listsPath } from "./list-paths";
import type { ListInput, ListOwner, ReadingList } from "./reading-lists.service";

// The lists of a person and one list. Owners get plain forms for every change (no script):
// each button posts and comes back to the list.

export function ListsHeader(props: { owner: ListOwner; children?: Child }) {
  const { owner } = props;
  return (
    <header class="lists-header">
      <p class="breadcrumb">
        <a href={`/user/${encodeURIComponent(owner.username)}`}>{owner.displayName}</a> ›{" "}
        <a href={listsPath(owner.username)}>Reading lists</a>
      </p>
      {props.children}
    </header>
  );
}

export function Visibility(props: { isPublic: boolean }) {
  return <span class="list-visibility">{props.isPublic ? "Public" : "Private"}</span>;
}

/** Name, description and visibility: the new-list form and the owner's edit form. */
export function ListFields(props: { values: ListInput; idPrefix: string }) {
  const id = (name: string) => `${props.idPrefix}-${name}`;
  return (
    <>
      <p class="field">
        <label for={id("name")}>Name</label>
        <input
          id={id("name")}
          name="name"
          value={props.values.name}
          required
          maxlength={READING_LIST_NAME_MAX_CHARS}
        />
      </p>
      <p class="field">
        <label for={id("description")}>Description (optional)</label>
        <textarea
          id={id("description")}
          name="description"
          rows={3}
          maxlength={READING_LIST_DESCRIPTION_MAX_CHARS}
        >
          {props.values.description}
        </textarea>
      </p>
      <p class="checkbox">
        <input
          type="checkbox"
          id={id("public")}
          name="public"
          value="1"
          checked={props.values.isPublic}
        />
        <label for={id("public")}>Public: anyone can read it, follow its feed and export it</label>
      </p>
    </>
  );
}

export function NewListForm(props: { csrf: string; values?: ListInput; error?: string }) {
  return (
    <section class="new-list" aria-labelledby="new-list-title">
      <h2 id="new-list-title">New list</h2>
      <FormMessage error={props.error} />
      <form method="post" action="/lists" class="list-form">
        <CsrfField token={props.csrf} />
        <ListFields
          idPrefix="new-list"
          values={props.values ?? { name: "", description: "", isPublic: false }}
        />
        <button type="submit" class="button">
          Create list
        </button>
      </form>
    </section>
  );
}

export function ListIndex(props: {
  owner: ListOwner;
  lists: (ReadingList & { itemCount: number })[];
  isOwner: boolean;
}) {
  if (props.lists.length === 0) {
    return (
      <p class="empty">{props.isOwner ? "You have no reading lists yet." : "No public lists."}</p>
    );
  }
  return (
    <ul class="reading-lists">
      {props.lists.map((l) => (
        <li>
          <a href={l.path}>{l.name}</a>{" "}
          <span class="muted">
            · {plural(l.itemCount, "paper", "papers")}
            {props.isOwner ? (
              <>
                {" "}
                · <Visibility isPublic={l.isPublic} />
              </>
            ) : null}
          </span>
          {l.description ? <p class="list-description">{l.description}</p> : null}
        </li>
      ))}
    </ul>
  );
}

function OwnerButton(props: {
  action: string;
  csrf: string;
  label: string;
  /** Said to screen readers after the label: which paper the button acts on. */
  of: string;
  name?: string;
  value?: string;
  disabled?: boolean;
}) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrf} />
      <button
        type="submit"
        class="button secondary"
        name={props.name}
        value={props.value}
        disabled={props.disabled}
      >
        {props.label}
        <span class="visually-hidden"> “{props.of}”</span>
      </button>
    </form>
  );
}

export function ListItems(props: { list: ReadingList; items: ListItem[]; csrf: string | null }) {
  const { items, csrf } = props;
  if (items.length === 0) return <p class="empty">No papers on this list yet.</p>;
  return (
    <ol class="list-items">
      {items.map((item, index) => {
        const p = item.paper;
        const base = `/lists/${props.list.id}/items/${p.id}`;
        return (
          <li class="list-item" id={`paper-${p.id}`}>
            <h2 class="list-item-title">
              <a href={p.path}>{p.title}</a>
            </h2>
            <p class="paper-meta">
              {formatAuthors(p.authors, 3)}
              {p.venue ? <> · {p.venue.name}</> : null}
              {p.year ? <> · {p.year}</> : null}
              {item.topSummaryId !== null ? (
                <>
                  {" "}
                  · <a href={`/summary/${item.topSummaryId}`}>Top summary</a>
                </>
              ) : null}
            </p>
            {csrf === null ? (
              item.note ? (
                <p class="list-note">{item.note}</p>
              ) : null
            ) : (
              <div class="list-owner-tools">
                <form method="post" action={`${base}/note`} class="list-note-form">
                  <CsrfField token={csrf} />
                  <label for={`note-${p.id}`}>Note</label>
                  <textarea
                    id={`note-${p.id}`}
                    name="note"
                    rows={2}
                    maxlength={READING_LIST_NOTE_MAX_CHARS}
                  >
                    {item.note}
                  </textarea>
                  <button type="submit" class="button secondary">
                    Save note
                  </button>
                </form>
                <div class="list-move">
                  <OwnerButton
                    action={`${base}/move`}
                    csrf={csrf}
                    name="direction"
                    value="up"
                    label="Move up"
                    of={p.title}
                    disabled={index === 0}
                  />{" "}
                  <OwnerButton
                    action={`${base}/move`}
                    csrf={csrf}
                    name="direction"
                    value="down"
                    label="Move down"
                    of={p.title}
                    disabled={index === items.length - 1}
                  />{" "}
                  <OwnerButton action={`${base}/remove`} csrf={csrf} label="Remove" of={p.title} />
                </div>
              </div>
            )}
            <p class="muted list-added">
              Added <time datetime={item.addedAt}>{formatDate(item.addedAt)}</time>
            </p>
          </li>
        );
      })}
    </ol>
  );
}

export function ListLinks(props: { list: ReadingList }) {
  const path = props.list.path;
  return (
    <p class="list-links">
      Export:{" "}
      <a href={`${path}.bib`} download>
        BibTeX
      </a>{" "}
      ·{" "}
      <a href={`${path}.csv`} download>
        CSV
      </a>
      {props.list.isPublic ? (
        <>
          {" "}
          · Follow: <a href={`${path}.rss`}>RSS</a> · <a href={`${path}.atom`}>Atom</a>
        </>
      ) : null}
    </p>
  );
}

/** The owner's edit and delete forms, below the list. */
export function ListSettings(props: { list: ReadingList; csrf: string }) {
  const { list } = props;
  return (
    <section class="settings-section" aria-labelledby="list-settings-title">
      <h2 id="list-settings-title">Edit this list</h2>
      <form method="post" action={`/lists/${list.id}/edit`} class="list-form">
        <CsrfField token={props.csrf} />
        <ListFields
          idPrefix="edit-list"
          values={{ name: list.name, description: list.description, isPublic: list.isPublic }}
        />
        <button type="submit" class="button">
          Save
        </button>
      </form>
      <form method="post" action={`/lists/${list.id}/delete`} class="list-delete">
        <CsrfField token={props.csrf} />
        <p class="checkbox">
          <input type="checkbox" id="confirm-delete" name="confirm" value="1" required />
          <label for="confirm-delete">Delete this list and its notes (the papers stay)</label>
        </p>
        <button type="submit" class="button secondary">
          Delete list
        </button>
      </form>
    </section>
  );
}
