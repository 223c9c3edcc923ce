import { AsyncLocalStorage } from "node:async_hooks";
import { configure, getConsoleSink, type LogLevel } from "@logtape/logtape";

/**
 * Configures LogTape (Fedify's logger) once for the process: one console
 * sink, categories `buurt.*` for our code and `fedify.*` for Fedify's.
 *
 * @param level Lowest level written; `null` silences everything (tests).
 */
export async function configureLogging(level: LogLevel | null): Promise<void> {
  await configure({
    reset: true,
    contextLocalStorage: new AsyncLocalStorage(),
    sinks: { console: getConsoleSink() },
    loggers: level == null
      ? [{ category: ["logtape", "meta"], sinks: [], lowestLevel: "fatal" }]
      : [
        { category: ["logtape", "meta"], sinks: ["console"], lowestLevel: "warning" },
        { category: ["buurt"], sinks: ["console"], lowestLevel: level },
        // Fedify logs every retried delivery at error level; keep its info
        // chatter out unless asked for.
        { category: ["fedify"], sinks: ["console"], lowestLevel: level === "debug" ? "debug" : "warning" },
        // Fedify answers 404 for every web page before the pages take over
        // and logs each at warning level; only its errors are news.
        {
          category: ["fedify", "federation", "http"],
          sinks: ["console"],
          parentSinks: "override",
          lowestLevel: level === "debug" ? "debug" : "error",
        },
      ],
  });
}
