import type { Child } from "hono/jsx";

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value?: string;
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  minlength?: number;
  maxlength?: number;
}

export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  return (
    <p class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value}
        autocomplete={props.autocomplete}
        required={props.required ?? true}
        minlength={props.minlength}
        maxlength={props.maxlength}
        aria-describedby={props.hint ? `${id}-hint` : undefined}
      />
      {props.hint ? (
        <small id={`${id}-hint`} class="hint">
          {props.hint}
        </small>
      ) : null}
    </p>
  );
}

export function FormMessage(props: { error?: string | null; notice?: string | null }) {
  if (props.error) {
    return (
      <p class="form-error" role="alert">
        {props.error}
      </p>
    );
  }
  if (props.notice) {
    return (
      <p class="form-notice" role="status">
        {props.notice}
      </p>
    );
  }
  return null;
}

export function FormCard(props: { title: string; children?: Child }) {
  return (
    <section class="form-card">
      <h1>{props.title}</h1>
      {props.children}
    </section>
  );
}
