import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { clearSessionCookie, setSessionCookie } from "../http/cookies";
import { csrfTokenFor } from "../http/csrf";
import { formFields, withFormErrors } from "../http/forms";
import {
  accountDeps,
  type C,
  isHttps as https,
  ipOf as ip,
  formPage as page,
} from "../http/route-helpers";
import { CsrfField, Field, FormCard, FormMessage } from "../views/forms";
import {
  isResetLinkUsable,
  isVerifyLinkUsable,
  logIn,
  requestPasswordReset,
  resetPassword,
  verifyEmail,
} from "./accounts.service";
import { endSession } from "./sessions.service";
import { signUp } from "./signup.service";

function LoginForm(props: {
  csrf: string;
  login?: string;
  error?: string;
  notice?: string;
  /** The OpenID Connect provider's name (ORCID) when sign-in with it is configured. */
  oidcName?: string | undefined;
}) {
  return (
    <FormCard title="Log in">
      <FormMessage error={props.error} notice={props.notice} />
      <form method="post" action="/login">
        <CsrfField token={props.csrf} />
        <Field
          label="Username or e-mail"
          name="login"
          value={props.login}
          autocomplete="username"
        />
        <Field label="Password" name="password" type="password" autocomplete="current-password" />
        <button class="button" type="submit">
          Log in
        </button>
      </form>
      <p>
        <a href="/reset">Forgot your password?</a> · <a href="/signup">Create an account</a>
      </p>
      {props.oidcName ? (
        <p>
          <a class="button secondary" href="/auth/oidc/start">
            Sign in with {props.oidcName}
          </a>
        </p>
      ) : null}
    </FormCard>
  );
}

function SignupForm(props: { csrf: string; username?: string; email?: string; error?: string }) {
  return (
    <FormCard title="Create an account">
      <FormMessage error={props.error} />
      <form method="post" action="/signup">
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
        <Field
          label="Password"
          name="password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters."
          minlength={10}
        />
        <button class="button" type="submit">
          Create account
        </button>
      </form>
      <p>
        Already have an account? <a href="/login">Log in</a>
      </p>
    </FormCard>
  );
}

export function authPages() {
  const app = new Hono<AppEnv>();

  app.get("/login", (c) =>
    page(
      c,
      "Log in",
      <LoginForm
        csrf={csrfTokenFor(c, https(c))}
        oidcName={c.get("deps").config.oidc?.name}
        notice={
          c.req.query("notice") === "reset"
            ? "Your password was changed. Log in with the new one."
            : undefined
        }
      />,
    ),
  );
  app.post("/login", async (c) => {
    const field = await formFields(c);
    return withFormErrors(
      async () => {
        const token = await logIn(accountDeps(c), {
          login: field("login"),
          password: field("password"),
          ip: ip(c),
          userAgent: c.req.header("User-Agent") ?? "",
        });
        setSessionCookie(c, https(c), token);
        return c.redirect("/", 303);
      },
      // The submitted password is never sent back.
      (error, status) =>
        page(
          c,
          "Log in",
          <LoginForm
            csrf={csrfTokenFor(c, https(c))}
            login={field("login")}
            error={error}
            oidcName={c.get("deps").config.oidc?.name}
          />,
          status,
        ),
    );
  });

  app.post("/logout", async (c) => {
    const user = c.get("user");
    if (user) await endSession(c.get("deps").db, user.sessionId);
    clearSessionCookie(c, https(c));
    return c.redirect("/", 303);
  });

  app.get("/signup", (c) =>
    page(c, "Create an account", <SignupForm csrf={csrfTokenFor(c, https(c))} />),
  );
  app.post("/signup", async (c) => {
    const field = await formFields(c);
    return withFormErrors(
      async () => {
        await signUp(accountDeps(c), {
          username: field("username"),
          email: field("email"),
          password: field("password"),
          ip: ip(c),
        });
        return page(
          c,
          "Check your inbox",
          <FormCard title="Check your inbox">
            <p>
              We sent a link to <strong>{field("email")}</strong>. Open it to confirm your address,
              then <a href="/login">log in</a>. You can read and log in before confirming, but not
              publish.
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
            username={field("username")}
            email={field("email")}
            error={error}
          />,
          status,
        ),
    );
  });

  app.get("/verify/:token", async (c) => {
    const token = c.req.param("token");
    if (!(await isVerifyLinkUsable(c.get("deps").db, token))) {
      return page(
        c,
        "Link not valid",
        <FormCard title="That link did not work">
          <p>
            Confirmation links work once, for 48 hours. Log in and ask for a new one in{" "}
            <a href="/settings">Settings</a>.
          </p>
        </FormCard>,
        400,
      );
    }
    return page(
      c,
      "Confirm your address",
      <FormCard title="Confirm your e-mail address">
        <form method="post" action={`/verify/${encodeURIComponent(token)}`}>
          <CsrfField token={csrfTokenFor(c, https(c))} />
          <button class="button" type="submit">
            Confirm my address
          </button>
        </form>
      </FormCard>,
    );
  });
  app.post("/verify/:token", async (c) =>
    withFormErrors(
      async () => {
        await verifyEmail(accountDeps(c), c.req.param("token"));
        return page(
          c,
          "Address confirmed",
          <FormCard title="Address confirmed">
            <p>
              Thank you. You can now publish summaries and comments.{" "}
              {c.get("user") ? <a href="/">Back to the summaries</a> : <a href="/login">Log in</a>}
            </p>
          </FormCard>,
        );
      },
      (error, status) =>
        page(
          c,
          "Link not valid",
          <FormCard title="That link did not work">
            <FormMessage error={error} />
          </FormCard>,
          status,
        ),
    ),
  );

  const ResetRequest = (props: { csrf: string; sent?: boolean }) => (
    <FormCard title="Reset your password">
      <FormMessage
        notice={
          props.sent
            ? "If an account uses that address, we sent it a link to choose a new password. It works for one hour."
            : null
        }
      />
      <form method="post" action="/reset">
        <CsrfField token={props.csrf} />
        <Field
          label="E-mail address of your account"
          name="email"
          type="email"
          autocomplete="email"
        />
        <button class="button" type="submit">
          Send me a link
        </button>
      </form>
    </FormCard>
  );
  app.get("/reset", (c) =>
    page(c, "Reset your password", <ResetRequest csrf={csrfTokenFor(c, https(c))} />),
  );
  app.post("/reset", async (c) => {
    const field = await formFields(c);
    const { delivered } = await requestPasswordReset(accountDeps(c), {
      email: field("email"),
      ip: ip(c),
    });
    // The link is mailed after the answer, so that the answer's time says nothing either.
    delivered.catch((error: unknown) =>
      c.get("deps").logger.error({ err: error }, "could not send a password reset mail"),
    );
    return page(c, "Reset your password", <ResetRequest csrf={csrfTokenFor(c, https(c))} sent />);
  });

  const NewPasswordForm = (props: { csrf: string; token: string; error?: string }) => (
    <FormCard title="Choose a new password">
      <FormMessage error={props.error} />
      <form method="post" action={`/reset/${encodeURIComponent(props.token)}`}>
        <CsrfField token={props.csrf} />
        <Field
          label="New password"
          name="password"
          type="password"
          autocomplete="new-password"
          hint="At least 10 characters."
          minlength={10}
        />
        <button class="button" type="submit">
          Set the new password
        </button>
      </form>
    </FormCard>
  );
  const badLink = (c: C) =>
    page(
      c,
      "Link not valid",
      <FormCard title="That link did not work">
        <p>
          Reset links work once, for one hour. <a href="/reset">Ask for a new one</a>.
        </p>
      </FormCard>,
      400,
    );
  app.get("/reset/:token", async (c) => {
    const token = c.req.param("token");
    if (!(await isResetLinkUsable(c.get("deps").db, token))) return badLink(c);
    return page(
      c,
      "Choose a new password",
      <NewPasswordForm csrf={csrfTokenFor(c, https(c))} token={token} />,
    );
  });
  app.post("/reset/:token", async (c) => {
    const token = c.req.param("token");
    const field = await formFields(c);
    return withFormErrors(
      async () => {
        await resetPassword(accountDeps(c), { token, password: field("password") });
        clearSessionCookie(c, https(c));
        return c.redirect("/login?notice=reset", 303);
      },
      (error, status) =>
        page(
          c,
          "Choose a new password",
          <NewPasswordForm csrf={csrfTokenFor(c, https(c))} token={token} error={error} />,
          status,
        ),
    );
  });

  return app;
}
