#!/usr/bin/env node
// The `buurt` command: runs src/cli.ts through tsx's loader.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli.ts");
await main(process.argv.slice(2));
