import type { EventBus } from "./events.ts";
import type { LocalIris } from "./iris.ts";
import type { KeyPairFactory, Repositories } from "./ports.ts";

/** Hashes and checks passwords (implemented with a well-kept library outside `app`). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** Everything a use case may touch; built once by the composition root. */
export interface AppContext {
  repos: Repositories;
  iris: LocalIris;
  keys: KeyPairFactory;
  events: EventBus;
  passwords: PasswordHasher;
  /** The buurt group's username. */
  groupHandle: string;
}
