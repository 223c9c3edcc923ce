import type { Federation } from "@fedify/fedify";
import type { AppContext } from "../app/context.ts";

/** What the federation layer needs from the rest of the buurt. */
export interface FederationDeps {
  app: AppContext;
  /** Public origin, e.g. `https://buurt.example`. */
  origin: URL;
}

/** Our Federation: no per-request context data (dependencies are closed over). */
export type BuurtFederation = Federation<void>;
