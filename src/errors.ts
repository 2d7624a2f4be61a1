/**
 * A mistake in what the user gave us (a file, a flag, a value). The CLI prints `message` as one
 * line and exits non-zero, with no stack trace. Messages name the file, the field path or the
 * CSV row/column, the bad value, and what was expected.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(message: string) {
    super(message);
  }
}

/** True for errors the CLI should print as one line (user mistakes), false for bugs. */
export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
