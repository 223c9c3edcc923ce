/** Row of `key_pairs`: a local actor's key pair per algorithm, as JWK JSON text. */
export interface KeyPairsTable {
  actor_id: string;
  /** `RSASSA-PKCS1-v1_5` or `Ed25519`. */
  algorithm: string;
  public_key_jwk: string;
  private_key_jwk: string;
  created_at: string;
}
