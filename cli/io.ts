/** Where a command writes: the process streams in production, buffers in tests. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
};

/** A failure of how the command was called (exit code 2), as opposed to bad input (1). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
