import type { CurrentUser } from "../core/current-user";
import { READING_LIST_NAME_MAX_CHARS, READING_LIST_NOTE_MAX_CHARS } from "../core/limits";
import { CsrfField, FormMessage } from "../ui/forms";
import { withNext } from "../ui/next-link";

// "Add to reading list": a small form on the paper page (the lists are chosen on the next
// page, so the paper page reads nothing more and stays the same for every logged-out reader),
// and that page's form: one of your lists, or a new one, and a note.

export const addToListPath = (paperId: number) => `/lists/add?paper=${paperId}`;

/** The paper page's slot: a button for a logged-in reader, a login link for anyone else. */
export function AddToListLink(props: { paperId: number; user: CurrentUser | null }) {
  const target = addToListPath(props.paperId);
  if (!props.user) {
    return (
      <p class="add-to-list">
        <a href={withNext("/login", target)}>Log in</a> to add this paper to a reading list.
      </p>
    );
  }
  return (
    <form method="get" action="/lists/add" class="add-to-list">
      <input type="hidden" name="paper" value={String(props.paperId)} />
      <button type="submit" class="button secondary">
        Add to reading list
      </button>
    </form>
  );
}

export interface ListChoice {
  id: number;
  name: string;
  isPublic: boolean;
  hasPaper: boolean;
}

export interface AddFormValues {
  /** A list's id, or "new". */
  list: string;
  newName: string;
  note: string;
}

export function AddToListForm(props: {
  paper: { id: number; title: string; path: string };
  choices: ListChoice[];
  csrf: string;
  values: AddFormValues;
  error?: string;
}) {
  const { choices, values } = props;
  const chosen = values.list || (choices.find((c) => !c.hasPaper)?.id.toString() ?? "new");
  return (
    <section class="form-card add-to-list-card">
      <h1>Add to a reading list</h1>
      <p>
        <a href={props.paper.path}>{props.paper.title}</a>
      </p>
      <FormMessage error={props.error} />
      <form method="post" action="/lists/add">
        <CsrfField token={props.csrf} />
        <input type="hidden" name="paper" value={String(props.paper.id)} />
        <fieldset class="list-choices">
          <legend>List</legend>
          {choices.map((c) => (
            <p class="checkbox">
              <input
                type="radio"
                name="list"
                id={`list-${c.id}`}
                value={String(c.id)}
                checked={chosen === String(c.id)}
                disabled={c.hasPaper}
              />
              <label for={`list-${c.id}`}>
                {c.name}
                {c.isPublic ? " (public)" : " (private)"}
                {c.hasPaper ? ": already on it" : ""}
              </label>
            </p>
          ))}
          <p class="checkbox">
            <input type="radio" name="list" id="list-new" value="new" checked={chosen === "new"} />
            <label for="list-new">A new private list, named:</label>
          </p>
          <p class="field">
            <label for="new-list-name" class="visually-hidden">
              Name of the new list
            </label>
            <input
              id="new-list-name"
              name="new_name"
              value={values.newName}
              maxlength={READING_LIST_NAME_MAX_CHARS}
            />
          </p>
        </fieldset>
        <p class="field">
          <label for="add-note">Note (optional)</label>
          <textarea id="add-note" name="note" rows={3} maxlength={READING_LIST_NOTE_MAX_CHARS}>
            {values.note}
          </textarea>
        </p>
        <button type="submit" class="button">
          Add
        </button>
      </form>
    </section>
  );
}
