import pino, { type Logger } from "pino";

export interface RecordingLogger {
  logger: Logger;
  /** Every record logged at error level or above, as pino wrote it. */
  errors: Array<{ level: number; msg?: string; [key: string]: unknown }>;
}

/** A logger for the test app that keeps its errors, so a test can assert that none was logged. */
export function recordingLogger(): RecordingLogger {
  const errors: RecordingLogger["errors"] = [];
  const logger = pino(
    { level: "error" },
    {
      write(line: string) {
        errors.push(JSON.parse(line));
      },
    },
  );
  return { logger, errors };
}
