import { FormCard } from "../ui/forms";
import { withNext } from "../ui/next-link";

// What sign-up and the confirmation links answer with, past their forms.

/** Where a "Continue" link leads: the page a sign-up started from, or the home page. */
function ContinueLink(props: { next: string | null }) {
  return (
    <a class="button" href={props.next ?? "/"}>
      {props.next ? "Continue where you were" : "Go to the summaries"}
    </a>
  );
}

/** The page a new account lands on: it is logged in, and told where its link went. */
export function Welcome(props: {
  username: string;
  address: string | null;
  confirmed: boolean;
  next: string | null;
}) {
  return (
    <FormCard title={`Welcome, ${props.username}`}>
      <p>You are logged in.</p>
      {props.confirmed ? null : (
        <>
          <p class="form-notice" role="status">
            We sent a link to <strong>{props.address ?? "your address"}</strong>; confirm it to
            write, vote and comment.
          </p>
          <p>
            Until then you can read, and log in with your username. The link works for 48 hours; an
            account whose address is not confirmed by then is deleted. A wrong address? Change it,
            or have the link sent again, in <a href="/settings">Settings</a>.
          </p>
        </>
      )}
      <p>
        <ContinueLink next={props.next} />
      </p>
    </FormCard>
  );
}

/** A confirmed address, for a browser that was not moved to its account (or stays logged in). */
export function AddressConfirmed(props: {
  username: string;
  email: string;
  /** Who this browser is logged in as, when it is. */
  current: string | null;
  next: string | null;
}) {
  const { username, current } = props;
  let what = <a href={withNext("/login", props.next)}>Log in</a>;
  if (current === username) what = <ContinueLink next={props.next} />;
  else if (current) {
    what = (
      <>
        You are still logged in as <strong>{current}</strong>. To use {username}, log out and log in
        as {username}.
      </>
    );
  }
  return (
    <FormCard title="Address confirmed">
      <p>
        The address <strong>{props.email}</strong> is now confirmed for the account{" "}
        <strong>{username}</strong>, which can write summaries, vote and comment.
      </p>
      <p>{what}</p>
    </FormCard>
  );
}
