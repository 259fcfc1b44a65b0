/** A command-line mistake: unknown command or flag, missing or bad value, unsupported command. Exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
