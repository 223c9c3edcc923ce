import type { Kysely, Transaction } from "kysely";
import type { KeyPairRepository, StoredKeyPair } from "../../app/ports.ts";
import { nowIso } from "../../domain/ids.ts";
import type { Database } from "../schema.ts";

/** Inserts a local actor's key pairs (inside the caller's transaction). */
export async function insertKeyPairs(
  trx: Kysely<Database> | Transaction<Database>,
  actorId: string,
  pairs: StoredKeyPair[],
): Promise<void> {
  if (pairs.length === 0) return;
  const now = nowIso();
  await trx.insertInto("key_pairs").values(pairs.map((p) => ({
    actor_id: actorId,
    algorithm: p.algorithm,
    public_key_jwk: JSON.stringify(p.publicKeyJwk),
    private_key_jwk: JSON.stringify(p.privateKeyJwk),
    created_at: now,
  }))).execute();
}

/** Kysely implementation of `KeyPairRepository`. */
export class KyselyKeyPairRepository implements KeyPairRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findByActorId(actorId: string): Promise<StoredKeyPair[]> {
    const rows = await this.db.selectFrom("key_pairs").selectAll().where("actor_id", "=", actorId).execute();
    const order = (a: string) => (a === "RSASSA-PKCS1-v1_5" ? 0 : 1);
    return rows
      .sort((a, b) => order(a.algorithm) - order(b.algorithm))
      .map((r) => ({
        algorithm: r.algorithm as StoredKeyPair["algorithm"],
        publicKeyJwk: JSON.parse(r.public_key_jwk),
        privateKeyJwk: JSON.parse(r.private_key_jwk),
      }));
  }
}
