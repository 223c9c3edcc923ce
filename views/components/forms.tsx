/**
 * Accessible form building blocks: every control has a visible label, hints
 * and errors are tied to it with `aria-describedby`, invalid controls carry
 * `aria-invalid`, and an error summary at the top links to each field
 * (GOV.UK / WCAG 3.3.1 pattern).  Works without JavaScript.
 */
import type { ComponentChildren } from "preact";

/** Field errors keyed by field name, already translated. */
export type FieldErrors = Partial<Record<string, string>>;

/** The hidden CSRF field every POST form must contain. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A summary of all errors, announced to screen readers, linking to each field. */
export function ErrorSummary({ title, errors }: { title: string; errors: FieldErrors }) {
  const entries = Object.entries(errors).filter((e): e is [string, string] => e[1] != null);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{title}</h2>
      <ul>
        {entries.map(([field, message]) => <li><a href={`#field-${field}`}>{message}</a></li>)}
      </ul>
    </div>
  );
}

interface BaseFieldProps {
  name: string;
  label: string;
  hint?: string | null;
  error?: string | null;
  required?: boolean;
}

function describedBy(name: string, hint?: string | null, error?: string | null): string | undefined {
  const ids = [hint ? `hint-${name}` : null, error ? `error-${name}` : null].filter(Boolean);
  return ids.length === 0 ? undefined : ids.join(" ");
}

function FieldFrame(
  { name, label, hint, error, children }: BaseFieldProps & { children: ComponentChildren },
) {
  return (
    <div class={error ? "field field-error" : "field"}>
      <label for={`field-${name}`}>{label}</label>
      {hint && <p class="hint" id={`hint-${name}`}>{hint}</p>}
      {error && <p class="error" id={`error-${name}`}>{error}</p>}
      {children}
    </div>
  );
}

/** A labelled single-line input. */
export function TextField(
  props: BaseFieldProps & {
    type?: "text" | "email" | "password" | "url" | "search" | "number" | "date" | "time" | "datetime-local";
    value?: string | null;
    autocomplete?: string;
    maxLength?: number;
    inputMode?: "text" | "email" | "numeric" | "url" | "search";
  },
) {
  return (
    <FieldFrame {...props}>
      <input
        id={`field-${props.name}`}
        name={props.name}
        type={props.type ?? "text"}
        value={props.value ?? ""}
        required={props.required}
        autocomplete={props.autocomplete}
        maxLength={props.maxLength}
        inputMode={props.inputMode}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      />
    </FieldFrame>
  );
}

/** A labelled multi-line text area. */
export function TextAreaField(
  props: BaseFieldProps & { value?: string | null; rows?: number; maxLength?: number },
) {
  return (
    <FieldFrame {...props}>
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        rows={props.rows ?? 4}
        required={props.required}
        maxLength={props.maxLength}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      >
        {props.value ?? ""}
      </textarea>
    </FieldFrame>
  );
}

/** A labelled select. */
export function SelectField(
  props: BaseFieldProps & { value?: string | null; options: Array<{ value: string; label: string }> },
) {
  return (
    <FieldFrame {...props}>
      <select
        id={`field-${props.name}`}
        name={props.name}
        required={props.required}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      >
        {props.options.map((o) => <option value={o.value} selected={o.value === props.value}>{o.label}</option>)}
      </select>
    </FieldFrame>
  );
}

/** A checkbox with its label after it. */
export function CheckboxField(props: BaseFieldProps & { checked?: boolean; value?: string }) {
  return (
    <div class={props.error ? "field field-checkbox field-error" : "field field-checkbox"}>
      <input
        id={`field-${props.name}`}
        name={props.name}
        type="checkbox"
        value={props.value ?? "on"}
        checked={props.checked}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      />
      <label for={`field-${props.name}`}>{props.label}</label>
      {props.hint && <p class="hint" id={`hint-${props.name}`}>{props.hint}</p>}
      {props.error && <p class="error" id={`error-${props.name}`}>{props.error}</p>}
    </div>
  );
}

/** The primary button of a form. */
export function SubmitButton({ children, secondary }: { children: ComponentChildren; secondary?: boolean }) {
  return <button type="submit" class={secondary ? "button button-secondary" : "button"}>{children}</button>;
}

/**
 * A new password and its confirmation, with the shared hint.  `required`
 * marks the confirmation too (sign-up checks it on the server instead).
 */
export function NewPasswordFields(
  props: {
    label: string;
    hint: string;
    confirmationLabel: string;
    errors: FieldErrors;
    confirmationRequired?: boolean;
  },
) {
  return (
    <>
      <TextField
        name="password"
        type="password"
        label={props.label}
        hint={props.hint}
        error={props.errors.password}
        autocomplete="new-password"
        required
      />
      <TextField
        name="password_confirmation"
        type="password"
        label={props.confirmationLabel}
        error={props.errors.password_confirmation}
        autocomplete="new-password"
        required={props.confirmationRequired ?? true}
      />
    </>
  );
}
