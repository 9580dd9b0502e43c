import { Hono } from "hono";
import { VERIFY_TOKEN_TTL_MS } from "../core/limits";
import type { AppEnv } from "../http/app-env";
import { readSignupKeyCookie, setSessionCookie, setSignupKeyCookie } from "../http/cookies";
import { csrfTokenFor } from "../http/csrf";
import { formFields, withFormErrors } from "../http/forms";
import { safeNextPath } from "../http/next-path";
import { isHttps as https, ipOf as ip, formPage as page } from "../http/route-helpers";
import { CsrfField, Field, FormCard, FormMessage } from "../ui/forms";
import { withNext } from "../ui/next-link";
import { accountDeps } from "./account-deps";
import { LinkDidNotWork, NewPasswordField } from "./auth-forms.view";
import { pendingAddressOf, signUp } from "./signup.service";
import { AddressConfirmed, Welcome } from "./signup.view";
import { confirmationLinkAccount, openConfirmationLink } from "./signup-confirm.service";

// Sign-up and the links in confirmation mails (/verify/TOKEN). The answer to a sign-up is the
// same whether or not the address is registered: the new account is logged in and lands on
// /signup/welcome, which says where the link went. `next` (a checked path of ours) rides along
// in the addresses and in the mailed link, so both the welcome page and the confirmation
// return there: nothing is stored for it.

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
        const made = await signUp(accountDeps(c), {
          username: field("username"),
          email: field("email"),
          password: field("password"),
          ip: ip(c),
          userAgent: c.req.header("User-Agent") ?? "",
          next,
        });
        setSessionCookie(c, https(c), made.session);
        setSignupKeyCookie(c, https(c), made.browserKey, VERIFY_TOKEN_TTL_MS);
        return c.redirect(withNext("/signup/welcome", next), 303);
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

  app.get("/signup/welcome", async (c) => {
    const user = c.get("user");
    const next = safeNextPath(c.req.query("next"));
    if (!user) return c.redirect(withNext("/login", next), 303);
    const { address, confirmed } = await pendingAddressOf(c.get("deps").db, user.id);
    return page(
      c,
      "Welcome",
      <Welcome username={user.username} address={address} confirmed={confirmed} next={next} />,
    );
  });

  // GET only shows a button: mail scanners that open links must not confirm anything.
  app.get("/verify/:token", async (c) => {
    const token = c.req.param("token");
    const next = safeNextPath(c.req.query("next"));
    const account = await confirmationLinkAccount(c.get("deps").db, token);
    if (!account) {
      return page(
        c,
        "Link not valid",
        <LinkDidNotWork>
          <p>
            Confirmation links work once, for 48 hours. Log in and ask for a new link in{" "}
            <a href="/settings">Settings</a>, or <a href={withNext("/signup", next)}>sign up</a>{" "}
            again if your account was never confirmed.
          </p>
        </LinkDidNotWork>,
        400,
      );
    }
    return page(
      c,
      "Confirm your address",
      <FormCard title="Confirm your e-mail address">
        <p>
          This confirms the address for the account <strong>{account}</strong>. If you did not sign
          up for ShortScience or change an address, close this page.
        </p>
        <form method="post" action={withNext(`/verify/${encodeURIComponent(token)}`, next)}>
          <CsrfField token={csrfTokenFor(c, https(c))} />
          <button class="button" type="submit">
            Confirm my address
          </button>
        </form>
      </FormCard>,
    );
  });
  app.post("/verify/:token", async (c) => {
    const next = safeNextPath(c.req.query("next"));
    return withFormErrors(
      async () => {
        const current = c.get("user");
        const done = await openConfirmationLink(accountDeps(c), c.req.param("token"), {
          userId: current?.id ?? null,
          userAgent: c.req.header("User-Agent") ?? "",
          signupKey: readSignupKeyCookie(c, https(c)),
        });
        if (done.session) setSessionCookie(c, https(c), done.session);
        const loggedInAs = done.session ? done.username : (current?.username ?? null);
        // Back where the sign-up started, unless the browser is someone else's account.
        if (next && loggedInAs === done.username) return c.redirect(next, 303);
        return page(
          c,
          "Address confirmed",
          <AddressConfirmed
            username={done.username}
            email={done.email}
            current={loggedInAs}
            next={next}
          />,
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
