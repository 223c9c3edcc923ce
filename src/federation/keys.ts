/**
 * Key pairs of local actors: RSA-PKCS#1-v1.5 (2048 bits, as Mastodon uses;
 * for draft-cavage and RFC 9421 HTTP Signatures) and Ed25519 (for FEP-8b32
 * Object Integrity Proofs).  Generated once per actor and stored, so keys
 * never change across restarts (peers cache them).
 */
import { exportJwk, importJwk } from "@fedify/fedify";
import type { KeyPairFactory, StoredKeyPair } from "../app/ports.ts";

/** Generates RSA-2048 and Ed25519 key pairs with Web Crypto. */
export class WebCryptoKeyPairFactory implements KeyPairFactory {
  /**
   * @returns `[rsa, ed25519]` as JWK; RSA first, because Fedify signs HTTP
   *   requests with the first RSA key.
   */
  async generate(): Promise<StoredKeyPair[]> {
    // Fedify's generateCryptoKeyPair() makes 4096-bit RSA keys: seven times
    // slower to sign with and not what Mastodon uses.
    const rsa = await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-256",
      },
      true,
      ["sign", "verify"],
    );
    const ed = await crypto.subtle.generateKey("Ed25519", true, ["sign", "verify"]) as CryptoKeyPair;
    return [
      { algorithm: "RSASSA-PKCS1-v1_5", publicKeyJwk: await exportJwk(rsa.publicKey), privateKeyJwk: await exportJwk(rsa.privateKey) },
      { algorithm: "Ed25519", publicKeyJwk: await exportJwk(ed.publicKey), privateKeyJwk: await exportJwk(ed.privateKey) },
    ];
  }
}

/** Imports stored key pairs for Fedify, keeping their order. */
export async function importKeyPairs(stored: StoredKeyPair[]): Promise<CryptoKeyPair[]> {
  return await Promise.all(stored.map(async (p) => ({
    publicKey: await importJwk(p.publicKeyJwk, "public"),
    privateKey: await importJwk(p.privateKeyJwk, "private"),
  })));
}
