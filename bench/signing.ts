/**
 * How long signing a delivery takes with RSA-2048 (what buurt generates, as
 * Mastodon does) versus RSA-4096 (Fedify's default), on this machine.
 * Prints figures; asserts nothing.  Run: `npx tsx bench/signing.ts`.
 */
import { signRequest } from "@fedify/fedify";

async function rsa(bits: number): Promise<CryptoKeyPair> {
  return await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: bits, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
}

const body = JSON.stringify({ type: "Create", object: { type: "Note", content: "x".repeat(500) } });
const rounds = Number(process.argv[2] ?? 300);
for (const bits of [2048, 4096]) {
  const key = await rsa(bits);
  const keyId = new URL("https://buurt.example/users/anna#main-key");
  // Warm up.
  for (let i = 0; i < 10; i++) {
    await signRequest(new Request("https://peer.example/inbox", { method: "POST", body }), key.privateKey, keyId);
  }
  const start = performance.now();
  for (let i = 0; i < rounds; i++) {
    await signRequest(new Request("https://peer.example/inbox", { method: "POST", body }), key.privateKey, keyId);
  }
  const ms = (performance.now() - start) / rounds;
  console.log(`RSA-${bits}: ${ms.toFixed(3)} ms per signed delivery (${(1000 / ms).toFixed(0)} per second, ${rounds} rounds)`);
}
