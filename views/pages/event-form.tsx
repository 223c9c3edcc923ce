import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from "../components/forms.tsx";
import type { EventFormInput } from "../../src/app/agenda.ts";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** The event form's values, as typed (kept when the form comes back with errors). */
export interface EventFormValues extends EventFormInput {
  /**
   * The image: the event's current image, or an upload kept from an
   * earlier attempt of this form (`id` is its media id), shown with its
   * thumbnail so it need not be chosen again.
   */
  image: { id: string; url: string } | null;
  /** The image's alt text, as typed. */
  imageAlt: string;
}

/** Image types the form accepts (the server reads the type from the content). */
const IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/avif";

type Option = { value: string; label: string };

export interface EventFormPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  /** `/events` for a new event, `/events/{id}/edit` for an edit. */
  action: string;
  editing: boolean;
  values: EventFormValues;
  errors: FieldErrors;
  categories: Option[];
  timezones: Option[];
  recurrences: Option[];
  visibilities: Option[];
}

/**
 * Create or edit an event: what, when (time zone, all day, repeat), where
 * (place, address, optional coordinates, or online), an image with its
 * (required) description, how many can come, the category, who may see it
 * and whether Mastodon users get a poll to answer.  A multipart form (for
 * the image) that works without JavaScript.
 */
export function EventFormPage(props: EventFormPageProps) {
  const { t, lang, buurt, nav, values: v, errors } = props;
  const title = props.editing ? t("event.form.edit.title") : t("event.form.new.title");
  return (
    <Layout t={t} lang={lang} title={title} buurt={buurt} nav={nav}>
      <h1>{title}</h1>
      <ErrorSummary title={t("form.errors.title")} errors={errors} />
      <form method="post" action={props.action} class="event-form" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrfToken} />
        <TextField name="title" label={t("event.form.title")} value={v.title} error={errors.title} required maxLength={200} />
        <TextAreaField
          name="description"
          label={t("event.form.description")}
          hint={t("event.form.description.hint")}
          value={v.description}
          error={errors.description}
          rows={6}
        />
        <fieldset class="field-group">
          <legend>{t("event.form.when")}</legend>
          <CheckboxField name="allDay" label={t("event.form.allDay")} checked={v.allDay} />
          <TextField name="start" type="date" label={t("event.form.startDate")} value={v.startDate} error={errors.start} required />
          <TextField name="startTime" type="time" label={t("event.form.startTime")} hint={t("event.form.time.hint")} value={v.startTime} />
          <TextField name="endDate" type="date" label={t("event.form.endDate")} hint={t("event.form.endDate.hint")} value={v.endDate} error={errors.endDate} />
          <TextField name="endTime" type="time" label={t("event.form.endTime")} value={v.endTime} />
          <SelectField name="timezone" label={t("event.form.timezone")} value={v.timezone} options={props.timezones} error={errors.timezone} />
          <SelectField name="recurrence" label={t("event.form.recurrence")} value={v.recurrence} options={props.recurrences} error={errors.recurrence} />
          <TextField
            name="repeatUntil"
            type="date"
            label={t("event.form.repeatUntil")}
            hint={t("event.form.repeatUntil.hint")}
            value={v.repeatUntil}
            error={errors.repeatUntil}
          />
        </fieldset>
        <fieldset class="field-group">
          <legend>{t("event.form.where")}</legend>
          <TextField name="locationName" label={t("event.form.locationName")} value={v.locationName} />
          <TextField name="streetAddress" label={t("event.form.streetAddress")} value={v.streetAddress} autocomplete="street-address" />
          <TextField name="postalCode" label={t("event.form.postalCode")} value={v.postalCode} autocomplete="postal-code" />
          <TextField name="locality" label={t("event.form.locality")} value={v.locality} autocomplete="address-level2" />
          <TextField
            name="latitude"
            label={t("event.form.latitude")}
            hint={t("event.form.coordinates.hint")}
            value={v.latitude}
            error={errors.latitude}
            inputMode="text"
          />
          <TextField name="longitude" label={t("event.form.longitude")} value={v.longitude} inputMode="text" />
          <TextField
            name="onlineUrl"
            type="url"
            label={t("event.form.onlineUrl")}
            hint={t("event.form.onlineUrl.hint")}
            value={v.onlineUrl}
            error={errors.onlineUrl}
          />
        </fieldset>
        <fieldset class="field-group">
          <legend>{t("event.form.image")}</legend>
          <p class="hint">{t("event.form.image.hint")}</p>
          {v.image != null && (
            <>
              <input type="hidden" name="image_id" value={v.image.id} />
              <img class="compose-thumb" src={v.image.url} alt={v.imageAlt} width={120} />
              <div class="field field-checkbox">
                <input type="checkbox" id="field-image_remove" name="image_remove" value="1" />
                <label for="field-image_remove">{t("event.form.image.remove")}</label>
              </div>
            </>
          )}
          <div class={errors.image ? "field field-error" : "field"}>
            <label for="field-image">{v.image == null ? t("event.form.image.file") : t("event.form.image.replace")}</label>
            {errors.image && <p class="error" id="error-image">{errors.image}</p>}
            <input
              type="file"
              id="field-image"
              name="image"
              accept={IMAGE_ACCEPT}
              aria-invalid={errors.image ? "true" : undefined}
              aria-describedby={errors.image ? "error-image" : undefined}
            />
          </div>
          <TextAreaField
            name="imageAlt"
            label={t("event.form.image.alt")}
            hint={t("compose.image.alt.hint")}
            value={v.imageAlt}
            error={errors.imageAlt}
            rows={2}
            maxLength={1500}
          />
        </fieldset>
        <TextField
          name="capacity"
          type="number"
          label={t("event.form.capacity")}
          hint={t("event.form.capacity.hint")}
          value={v.capacity}
          error={errors.capacity}
          inputMode="numeric"
        />
        <SelectField name="category" label={t("event.form.category")} value={v.category} options={props.categories} error={errors.category} />
        {!props.editing && (
          <SelectField name="visibility" label={t("event.form.visibility")} value={v.visibility} options={props.visibilities} error={errors.visibility} />
        )}
        {!props.editing && <CheckboxField name="poll" label={t("event.form.poll")} hint={t("event.form.poll.hint")} checked={v.poll} />}
        <SubmitButton>{props.editing ? t("event.form.save") : t("event.form.create")}</SubmitButton>
      </form>
    </Layout>
  );
}
