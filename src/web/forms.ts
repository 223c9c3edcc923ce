/**
 * What the form routes share: reading a text field of a parsed form body,
 * and the translated reason an uploaded image was refused.
 */
import type { ImageProblem } from "../app/ports.ts";
import { IMAGE_LIMITS } from "../media/image-store.ts";
import type { Translator } from "../../views/i18n/index.ts";

/**
 * A text field of a body from `c.req.parseBody()`.
 * @returns The field's text (the first one when the field repeats); `""`
 *   when it is absent or a file.
 */
export function formText(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return "";
}

/** Why an uploaded image was refused, in words, naming the file (`name`). */
export function imageProblemText(t: Translator, problem: ImageProblem, name: string): string {
  switch (problem) {
    case "image_type":
      return t("compose.error.image_type", { name });
    case "image_too_large":
      return t("compose.error.image_too_large", { name, max: IMAGE_LIMITS.maxBytes / (1024 * 1024) });
    case "image_unreadable":
      return t("compose.error.image_unreadable", { name });
  }
}
