/**
 * The form to write a post or a reply: text, content warning, who may see
 * it, and up to four images each with its (required) description.  A plain
 * multipart form that works without JavaScript; after an error it comes
 * back with everything the member typed and the images already uploaded.
 */
import type { Translator } from "../i18n/index.ts";
import { CsrfField, type FieldErrors, SubmitButton, TextAreaField, TextField } from "./forms.tsx";

/** Visibilities the form offers, in this order. */
export const COMPOSE_VISIBILITIES = ["public", "followers", "buurt", "direct"] as const;
export type ComposeVisibility = typeof COMPOSE_VISIBILITIES[number];

/** What the member typed. */
export interface ComposeValues {
  text: string;
  summary: string;
  visibility: string;
}

/** An empty form for a new, public post. */
export const NEW_POST: ComposeValues = { text: "", summary: "", visibility: "public" };

/** An image uploaded with an earlier attempt, kept for the next one. */
export interface KeptImage {
  id: string;
  /** Where to show the thumbnail. */
  url: string;
  description: string;
}

export interface ComposeFormProps {
  t: Translator;
  csrfToken: string;
  values: ComposeValues;
  errors?: FieldErrors;
  kept?: KeptImage[];
  /** Replying: the post answered (id, and its author's name for the label). */
  replyTo?: { id: string; authorName: string } | null;
  /** How many images a post may have. */
  maxImages?: number;
  /** Longest text, in characters. */
  maxLength?: number;
  /** Open the images part (e.g. on the compose page); it opens by itself when it holds images or errors. */
  imagesOpen?: boolean;
  /** Heading level of the form's title; `null` for no title. */
  headingLevel?: 2 | 3 | null;
  /**
   * Timelines: the content warning, who may see it and the images fold
   * into "more options" (still plain HTML, no JavaScript), so the form
   * stays small on a phone.  They open by themselves after an error.
   */
  compact?: boolean;
}

const ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/avif";

/** The compose (or reply) form, posting to `/compose`. */
export function ComposeForm(
  {
    t,
    csrfToken,
    values,
    errors = {},
    kept = [],
    replyTo = null,
    maxImages = 4,
    maxLength = 5000,
    imagesOpen = false,
    headingLevel = 2,
    compact = false,
  }: ComposeFormProps,
) {
  const Heading = headingLevel === 3 ? "h3" : "h2";
  const title = replyTo == null ? t("compose.title") : t("compose.reply.title", { name: replyTo.authorName });
  const free = Math.max(0, maxImages - kept.length);
  const imageErrors = Object.keys(errors).some((k) => /^(images|image_|kept_alt_)/.test(k) && errors[k] != null);
  const visibilityLabels: Record<ComposeVisibility, { label: string; hint: string }> = {
    public: { label: t("visibility.public"), hint: t("visibility.public.hint") },
    followers: { label: t("visibility.followers"), hint: t("visibility.followers.hint") },
    buurt: { label: t("visibility.buurt"), hint: t("visibility.buurt.hint") },
    direct: { label: t("visibility.direct"), hint: t("visibility.direct.hint") },
  };
  const options = (
    <ComposeOptions
      t={t}
      values={values}
      errors={errors}
      kept={kept}
      maxImages={maxImages}
      imagesOpen={imagesOpen}
      free={free}
      imageErrors={imageErrors}
      visibilityLabels={visibilityLabels}
    />
  );
  const optionsOpen = kept.length > 0 || imageErrors || errors.summary != null || errors.visibility != null ||
    values.summary !== "" || (values.visibility !== "public" && values.visibility !== "");
  return (
    <form
      class="compose"
      method="post"
      action="/compose"
      enctype="multipart/form-data"
      id={replyTo == null ? "compose" : "reply"}
      aria-label={headingLevel == null ? title : undefined}
    >
      {headingLevel != null && <Heading class="compose-title">{title}</Heading>}
      <CsrfField token={csrfToken} />
      {replyTo != null && <input type="hidden" name="in_reply_to" value={replyTo.id} />}
      <TextAreaField
        name="text"
        label={replyTo == null ? t("compose.text") : t("compose.reply.text")}
        hint={t("compose.text.hint")}
        error={errors.text}
        value={values.text}
        rows={replyTo == null ? 5 : 3}
        maxLength={maxLength}
      />
      {compact
        ? (
          <details class="compose-options" open={optionsOpen}>
            <summary>{t("compose.options")}</summary>
            {options}
          </details>
        )
        : options}
      <SubmitButton>{replyTo == null ? t("compose.submit") : t("compose.reply.submit")}</SubmitButton>
    </form>
  );
}

/** Content warning, visibility and images: the part of the form a compact form folds away. */
function ComposeOptions(
  { t, values, errors, kept, maxImages, imagesOpen, free, imageErrors, visibilityLabels }: {
    t: Translator;
    values: ComposeValues;
    errors: FieldErrors;
    kept: KeptImage[];
    maxImages: number;
    imagesOpen: boolean;
    free: number;
    imageErrors: boolean;
    visibilityLabels: Record<ComposeVisibility, { label: string; hint: string }>;
  },
) {
  return (
    <>
      <TextField
        name="summary"
        label={t("compose.summary")}
        hint={t("compose.summary.hint")}
        error={errors.summary}
        value={values.summary}
        maxLength={500}
      />
      <fieldset
        class={errors.visibility ? "field visibility field-error" : "field visibility"}
        aria-describedby={errors.visibility ? "error-visibility" : undefined}
      >
        <legend>{t("compose.visibility")}</legend>
        {errors.visibility && <p class="error" id="error-visibility">{errors.visibility}</p>}
        {COMPOSE_VISIBILITIES.map((v, i) => (
          <div class="radio">
            <input
              type="radio"
              name="visibility"
              value={v}
              id={i === 0 ? "field-visibility" : `field-visibility-${v}`}
              checked={values.visibility === v || (v === "public" && !COMPOSE_VISIBILITIES.includes(values.visibility as ComposeVisibility))}
              aria-describedby={`hint-visibility-${v}`}
            />
            <label for={i === 0 ? "field-visibility" : `field-visibility-${v}`}>{visibilityLabels[v].label}</label>
            <p class="hint" id={`hint-visibility-${v}`}>{visibilityLabels[v].hint}</p>
          </div>
        ))}
      </fieldset>
      <details class="compose-images" open={imagesOpen || kept.length > 0 || imageErrors}>
        <summary>{t("compose.images", { max: maxImages })}</summary>
        {errors.images && <p class="error" id="field-images">{errors.images}</p>}
        <p class="hint">{t("compose.images.hint", { max: maxImages })}</p>
        {kept.map((image, i) => {
          const n = i + 1;
          return (
            <fieldset class="compose-image">
              <legend>{t("compose.image.legend", { n })}</legend>
              <input type="hidden" name={`kept_${n}`} value={image.id} />
              <img class="compose-thumb" src={image.url} alt={image.description} width={120} />
              <TextAreaField
                name={`kept_alt_${n}`}
                label={t("compose.image.alt", { n })}
                hint={t("compose.image.alt.hint")}
                error={errors[`kept_alt_${n}`]}
                value={image.description}
                rows={2}
                maxLength={1500}
              />
              <div class="field field-checkbox">
                <input type="checkbox" id={`field-kept_remove_${n}`} name={`kept_remove_${n}`} value="1" />
                <label for={`field-kept_remove_${n}`}>{t("compose.image.remove", { n })}</label>
              </div>
            </fieldset>
          );
        })}
        {Array.from({ length: free }, (_, i) => {
          const n = i + 1;
          const number = kept.length + n;
          return (
            <fieldset class="compose-image">
              <legend>{t("compose.image.legend", { n: number })}</legend>
              <div class={errors[`image_${n}`] ? "field field-error" : "field"}>
                <label for={`field-image_${n}`}>{t("compose.image.file", { n: number })}</label>
                <p class="hint" id={`hint-image_${n}`}>{t("compose.image.file.hint")}</p>
                {errors[`image_${n}`] && <p class="error" id={`error-image_${n}`}>{errors[`image_${n}`]}</p>}
                <input
                  type="file"
                  id={`field-image_${n}`}
                  name={`image_${n}`}
                  accept={ACCEPT}
                  aria-invalid={errors[`image_${n}`] ? "true" : undefined}
                  aria-describedby={errors[`image_${n}`] ? `hint-image_${n} error-image_${n}` : `hint-image_${n}`}
                />
              </div>
              <TextAreaField
                name={`alt_${n}`}
                label={t("compose.image.alt", { n: number })}
                hint={t("compose.image.alt.hint")}
                error={errors[`alt_${n}`]}
                value=""
                rows={2}
                maxLength={1500}
              />
            </fieldset>
          );
        })}
      </details>
    </>
  );
}
