import type { Member } from "../domain/member.ts";
import type { AppContext } from "./context.ts";

/**
 * A member picks the language of the site (the language switch on every
 * page): stored as their setting, so it follows them to every device.
 * @param locale `nl` or `en`.
 */
export async function chooseLanguage(ctx: AppContext, input: { member: Member; locale: "nl" | "en" }): Promise<void> {
  if (input.member.locale === input.locale) return;
  await ctx.repos.members.setLocale(input.member.id, input.locale);
}
