import { describe, expect, it } from "vitest";
import { LinkDidNotWork, NewPasswordField } from "./auth-forms.view";

const html = async (node: unknown) => String(await node);

describe("NewPasswordField", () => {
  it("renders the field every password form had, with the server's minimum", async () => {
    expect(await html(<NewPasswordField label="New password" name="next" />)).toBe(
      '<p class="field"><label for="field-next">New password</label>' +
        '<input id="field-next" name="next" type="password" autocomplete="new-password" required="" minlength="10" aria-describedby="field-next-hint"/>' +
        '<small id="field-next-hint" class="hint">At least 10 characters.</small></p>',
    );
  });
});

describe("LinkDidNotWork", () => {
  it("wraps what to do instead in the card every bad link shows", async () => {
    expect(
      await html(
        <LinkDidNotWork>
          <p>Ask again.</p>
        </LinkDidNotWork>,
      ),
    ).toBe('<section class="form-card"><h1>That link did not work</h1><p>Ask again.</p></section>');
  });
});
