/**
 * Building event forms in tests: every field of `EventFormInput` with
 * sensible defaults, overridable one by one.
 */
import { type EventFormInput, parseEventDraft, type EventDraft } from "../../src/app/agenda.ts";

/** A complete event form: a two-hour coffee morning in Amsterdam time. */
export function eventForm(overrides: Partial<EventFormInput> = {}): EventFormInput {
  return {
    title: "Koffieochtend",
    description: "Koffie en koek in het buurthuis.",
    startDate: "2030-06-07",
    startTime: "10:00",
    endDate: "",
    endTime: "12:00",
    allDay: false,
    timezone: "Europe/Amsterdam",
    locationName: "Buurthuis De Linde",
    streetAddress: "Lindenlaan 1",
    postalCode: "3511 AB",
    locality: "Utrecht",
    latitude: "52.0907",
    longitude: "5.1214",
    onlineUrl: "",
    capacity: "",
    category: "MEETING",
    recurrence: "none",
    repeatUntil: "",
    visibility: "public",
    poll: false,
    ...overrides,
  };
}

/** A checked draft; throws with the problems when the form is invalid. */
export function eventDraft(overrides: Partial<EventFormInput> = {}): EventDraft {
  const parsed = parseEventDraft(eventForm(overrides));
  if (!parsed.ok) throw new Error(`invalid event form: ${JSON.stringify(parsed.problems)}`);
  return parsed.value;
}
