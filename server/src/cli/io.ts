/** What every CLI command shares: its input/output and the error that means "wrong usage" (exit code 2). */

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  color: boolean;
  /** Standard input as text (tests pass it directly). */
  stdin?: () => string;
  /** Reads an input file's bytes (tests simulate read errors with it). */
  readFile?: (path: string) => Buffer;
}

/** A problem with the command line, the config or the inputs: reported in one line, exit code 2. */
export class UsageError extends Error {}
