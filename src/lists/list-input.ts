// What a person may type into a list's forms: bounded, trimmed, and free of control
// characters (forms refuse NUL before any route reads them; tab and newline are fine). Pure.

import { invalid } from "../core/errors";
import {
  READING_LIST_DESCRIPTION_MAX_CHARS,
  READING_LIST_NAME_MAX_CHARS,
  READING_LIST_NOTE_MAX_CHARS,
} from "../core/limits";

export interface ListInput {
  name: string;
  description: string;
  isPublic: boolean;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function boundedText(value: string, max: number, what: string): string {
  const text = value.replace(/\r\n?/g, "\n").trim();
  if ([...text].length > max) throw invalid(`${what} can be at most ${max} characters.`);
  if (CONTROL.test(text)) throw invalid(`${what} holds characters that cannot be shown.`);
  return text;
}

export function checkedName(value: string): string {
  const name = boundedText(value.replace(/\s+/g, " "), READING_LIST_NAME_MAX_CHARS, "A name");
  if (name === "") throw invalid("Give the list a name.");
  return name;
}

export function checkedInput(input: ListInput): ListInput {
  return {
    name: checkedName(input.name),
    description: boundedText(
      input.description,
      READING_LIST_DESCRIPTION_MAX_CHARS,
      "A description",
    ),
    isPublic: input.isPublic,
  };
}

export const checkedNote = (note: string) =>
  boundedText(note, READING_LIST_NOTE_MAX_CHARS, "A note");
