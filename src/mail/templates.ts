import type { Mail } from "../core/mailer";

// Short, plain-text mails written for people. Links carry single-use tokens.

export function verifyEmailMail(to: string, username: string, link: string): Mail {
  return {
    to,
    subject: "Confirm your e-mail address for ShortScience",
    text: `Hello ${username},

Please confirm this address by opening the link below. Until then you can read and log in,
but not publish.

${link}

The link works once, for 48 hours. If you did not sign up for ShortScience, ignore this mail.
`,
  };
}

export function signUpLinkMail(to: string, username: string, link: string): Mail {
  return {
    to,
    subject: "Confirm your ShortScience account",
    text: `Hello ${username},

Your ShortScience account is made and you can read and log in. Please open the link below
to confirm this address; then you can write summaries, vote and comment.

${link}

The link works once, for 48 hours. An account whose address is not confirmed by then is
deleted. If you did not sign up for ShortScience, ignore this mail.
`,
  };
}

export function alreadyRegisteredMail(to: string, baseUrl: string): Mail {
  return {
    to,
    subject: "You already have a ShortScience account",
    text: `Hello,

Someone (probably you) tried to sign up for ShortScience with this address, which already
has an account: your account is unchanged, and the new one cannot use this address. Log in at ${baseUrl}/login, or reset your password at ${baseUrl}/reset
if you forgot it.

If this was not you, you can ignore this mail.
`,
  };
}

export function resetPasswordMail(to: string, username: string, link: string): Mail {
  return {
    to,
    subject: "Reset your ShortScience password",
    text: `Hello ${username},

Someone (probably you) asked to reset the password of your ShortScience account. Open the
link below to choose a new one:

${link}

The link works once, for one hour. If you did not ask for this, ignore this mail: your
password stays as it is.
`,
  };
}

export function emailInUseMail(to: string, baseUrl: string): Mail {
  return {
    to,
    subject: "This address already has a ShortScience account",
    text: `Hello,

Someone (probably you) asked to move a ShortScience account to this address, which already
has an account of its own, so nothing was changed. Log in at ${baseUrl}/login, or reset
your password at ${baseUrl}/reset if you forgot it.

If this was not you, you can ignore this mail.
`,
  };
}

/** A notification mail: why it came, the comment, where to read it, how to stop these. */
export function commentNotificationMail(m: {
  to: string;
  username: string;
  commenter: string;
  paperTitle: string;
  /** "comment": on the reader's summary; "reply": after the reader's own comment. */
  kind: "comment" | "reply";
  excerpt: string;
  link: string;
  unsubscribeLink: string;
}): Mail {
  const where =
    m.kind === "comment"
      ? `your summary of “${m.paperTitle}”`
      : `a summary of “${m.paperTitle}” that you commented on`;
  return {
    to: m.to,
    subject:
      m.kind === "comment"
        ? `New comment on your summary of “${m.paperTitle}”`
        : `New reply on “${m.paperTitle}”`,
    text: `Hello ${m.username},

${m.commenter} commented on ${where}:

${m.excerpt}

Read it and reply: ${m.link}

You get these mails because "E-mail me when someone comments" is on in your settings.
Stop them with one click: ${m.unsubscribeLink}
`,
    headers: {
      "List-Unsubscribe": `<${m.unsubscribeLink}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
