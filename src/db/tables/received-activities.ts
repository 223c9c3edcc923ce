/** Row of `received_activities`: ids of processed inbound activities, so a re-delivery is processed once. */
export interface ReceivedActivitiesTable {
  iri: string;
  type: string;
  actor_iri: string | null;
  received_at: string;
}
