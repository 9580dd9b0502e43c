import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { csrfTokenFor } from "../http/csrf";
import { formFields, withFormErrors } from "../http/forms";
import { safeNextPath } from "../http/next-path";
import { isHttps as https, ipOf as ip, formPage as page } from "../http/route-helpers";
import { CsrfField, Field, FormCard, FormMessage } from "../ui/forms";
import { withNext } from "../ui/next-link";
import { accountDeps } from "./account-deps";
import { LinkDidNotWork, NewPasswordField } from "./auth-forms.view";
import { signUp } from "./signup.service";
import { confirmationLinkKind, openConfirmationLink } from "./signup-confirm.service";

// Sign-up and the links in confirmation mails (/verify/TOKEN: a sign-up's or an address
// change's). The answer to a sign-up is the same whether or not the address is registered.
// `next` (a checked path of ours) rides along in the form's address and in the mailed link,
// so the confirmation ends on the login form that returns there: nothing is stored for it.

function SignupForm(props: {
  csrf: string;
  next: string | null;
  username?: string;
  email?: string;
  error?: string;
}) {
  return (
    <FormCard title="Create an account">
      <FormMessage error={props.error} />
      <form method="post" action={withNext("/signup", props.next)}>
        <CsrfField token={props.csrf} />
        <Field
          label="Username"
          name="username"
          value={props.username}
          autocomplete="username"
          hint="3–30 letters, digits, _ or -. It appears in your profile's address."
          minlength={3}
          maxlength={30}
        />
        <Field
          label="E-mail"
          name="email"
          type="email"
          value={props.email}
          autocomplete="email"
          hint="We send a link to confirm it. It is never shown."
        />
        <NewPasswordField label="Password" name="password" />
        <button class="button" type="submit">
          Create account
        </button>
      </form>
      <p>
        Already have an account? <a href={withNext("/login", props.next)}>Log in</a>
      </p>
    </FormCard>
  );
}

export function signUpPages() {
  const app = new Hono<AppEnv>();

  app.get("/signup", (c) =>
    page(
      c,
      "Create an account",
      <SignupForm csrf={csrfTokenFor(c, https(c))} next={safeNextPath(c.req.query("next"))} />,
    ),
  );
  app.post("/signup", async (c) => {
    const field = await formFields(c);
    const next = safeNextPath(c.req.query("next"));
    return withFormErrors(
      async () => {
        await signUp(accountDeps(c), {
          username: field("username"),
          email: field("email"),
          password: field("password"),
          ip: ip(c),
          next,
        });
        return page(
          c,
          "Check your inbox",
          <FormCard title="Check your inbox">
            <p>
              We sent a mail to <strong>{field("email")}</strong>. Open its link within 48 hours to
              create your account, then log in. Until then the username is held for you.
            </p>
          </FormCard>,
        );
      },
      (error, status) =>
        page(
          c,
          "Create an account",
          <SignupForm
            csrf={csrfTokenFor(c, https(c))}
            next={next}
            username={field("username")}
            email={field("email")}
            error={error}
          />,
          status,
        ),
    );
  });

  // GET only shows a button: mail scanners that open links must not confirm anything.
  app.get("/verify/:token", async (c) => {
    const token = c.req.param("token");
    const next = safeNextPath(c.req.query("next"));
    const kind = await confirmationLinkKind(c.get("deps").db, token);
    if (!kind) {
      return page(
        c,
        "Link not valid",
        <LinkDidNotWork>
          <p>
            Confirmation links work once, for 48 hours. To create an account,{" "}
            <a href={withNext("/signup", next)}>sign up again</a>; for a new address, log in and ask
            for a new link in <a href="/settings">Settings</a>.
          </p>
        </LinkDidNotWork>,
        400,
      );
    }
    return page(
      c,
      "Confirm your address",
      <FormCard title={kind === "signup" ? "Create your account" : "Confirm your e-mail address"}>
        <form method="post" action={withNext(`/verify/${encodeURIComponent(token)}`, next)}>
          <CsrfField token={csrfTokenFor(c, https(c))} />
          <button class="button" type="submit">
            {kind === "signup" ? "Confirm my address and create the account" : "Confirm my address"}
          </button>
        </form>
      </FormCard>,
    );
  });
  app.post("/verify/:token", async (c) => {
    const next = safeNextPath(c.req.query("next"));
    return withFormErrors(
      async () => {
        const kind = await openConfirmationLink(accountDeps(c), c.req.param("token"));
        // The new account logs in with its password: a link alone never logs anyone in. The
        // login form then returns to the page the sign-up started from.
        if (kind === "signup") return c.redirect(withNext("/login?notice=created", next), 303);
        return page(
          c,
          "Address confirmed",
          <FormCard title="Address confirmed">
            <p>
              Thank you. You can now publish summaries and comments.{" "}
              {c.get("user") ? (
                <a href={next ?? "/"}>
                  {next ? "Back to where you were" : "Back to the summaries"}
                </a>
              ) : (
                <a href={withNext("/login", next)}>Log in</a>
              )}
            </p>
          </FormCard>,
        );
      },
      (error, status) =>
        page(
          c,
          "Link not valid",
          <LinkDidNotWork>
            <FormMessage error={error} />
          </LinkDidNotWork>,
          status,
        ),
    );
  });

  return app;
}
