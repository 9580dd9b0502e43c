import type { Child } from "hono/jsx";
import { PASSWORD_MIN } from "../core/limits";
import { Field, FormCard } from "../ui/forms";

// Pieces the account forms share (sign-up, reset, Settings), so each rule reads the same
// wherever a person meets it.

/** A field for a password being chosen; the browser checks the same minimum as the server. */
export function NewPasswordField(props: { label: string; name: string }) {
  return (
    <Field
      label={props.label}
      name={props.name}
      type="password"
      autocomplete="new-password"
      hint={`At least ${PASSWORD_MIN} characters.`}
      minlength={PASSWORD_MIN}
    />
  );
}

/** What a used, expired or unknown mailed link shows, with what to do instead. */
export function LinkDidNotWork(props: { children?: Child }) {
  return <FormCard title="That link did not work">{props.children}</FormCard>;
}
