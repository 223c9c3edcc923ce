import { existsSync } from "node:fs";
import process from "node:process";

/**
 * Returns the process environment, after loading `.env` from the working
 * directory when it exists (values already set in the environment win).
 *
 * @param envFile Path of the dotenv file; default `.env`.
 * @returns A copy of the environment variables.
 * @throws {Error} When the file exists but cannot be parsed.
 */
export function readEnvironment(envFile = ".env"): Record<string, string | undefined> {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return { ...process.env };
}
