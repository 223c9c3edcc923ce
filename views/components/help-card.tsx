import type { Translator } from "../i18n/index.ts";

/** A help item as the board shows it: every value already formatted. */
export interface HelpCardView {
  id: string;
  /** The item's page. */
  url: string;
  kind: "request" | "offer";
  kindLabel: string;
  categoryLabel: string;
  title: string;
  status: "open" | "matched" | "closed";
  statusLabel: string;
  authorName: string;
  authorUrl: string;
  createdIso: string;
  createdText: string;
  responseCount: number;
  /** Visible to members of this buurt only. */
  buurtOnly: boolean;
  /** For the attention list: how long it has been open, e.g. "4 dagen open". */
  ageText?: string | null;
}

/** "1 reactie" / "3 reacties". */
export function responsesText(t: Translator, count: number): string {
  return count === 1 ? t("help.card.responses.one") : t("help.card.responses.other", { count });
}

/** One help item on the board: kind and category, title (the link), status, who and when. */
export function HelpCard({ item, t, headingLevel = 2 }: { item: HelpCardView; t: Translator; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article class={`help-card help-card-${item.kind}`} aria-labelledby={`help-${item.id}`}>
      <p class="help-card-meta">
        <span class={`help-kind help-kind-${item.kind}`}>{item.kindLabel}</span>
        <span class="help-category">{item.categoryLabel}</span>
        {item.buurtOnly && <span class="help-buurt-only">{t("help.card.buurt.only")}</span>}
      </p>
      <Heading class="help-card-title" id={`help-${item.id}`}>
        <a href={item.url}>{item.title}</a>
      </Heading>
      <p class="help-card-footer">
        <span class={`help-status help-status-${item.status}`}>{item.statusLabel}</span>
        <span>
          <a href={item.authorUrl}>{item.authorName}</a>
          {" · "}
          <time datetime={item.createdIso}>{item.createdText}</time>
        </span>
        <span>{responsesText(t, item.responseCount)}</span>
        {item.ageText && <strong class="help-age">{item.ageText}</strong>}
      </p>
    </article>
  );
}
