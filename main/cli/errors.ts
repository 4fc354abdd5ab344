// CliError: the CLI's one failure type with an exit code. No imports: every command and the start-up path use it.

/** A CLI failure with its exit code (1 = the command failed, 2 = usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
