/**
 * Command-line parsing for every command: node:util parseArgs (strict), `--help` anywhere before `--`, and usage
 * errors as values main.ts turns into exit 2 with the command's usage on stderr.
 */

/** A usage error: printed with the command's usage on stderr, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--help` was asked for: the usage goes to stdout, exit 0. */
export class HelpRequested extends Error {
  constructor(readonly usage: string) {
    super('help');
    this.name = 'HelpRequested';
  }
}

/** A command that cannot run here for a reason that is not the command line (exit 1), with what to do instead. */
export class CommandRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandRefused';
  }
}

function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

function isParseArgsError(err: unknown): err is Error {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') === true;
}

/**
 * Runs `parse` (a strict parseArgs call) on `argv`: `--help` throws HelpRequested, an unknown option, a missing value
 * or an unexpected argument throws UsageError with `usage`.
 */
export function parseCommandLine<T>(argv: string[], usage: string, parse: (args: string[]) => T): T {
  if (wantsHelp(argv)) throw new HelpRequested(usage);
  try {
    return parse(argv);
  } catch (err) {
    // Node appends advice on `--` to an unknown option; the option's name is what matters here.
    if (isParseArgsError(err)) throw new UsageError(err.message.replace(/\. To specify a positional argument.*$/s, ''), usage);
    throw err;
  }
}

/** An integer option within [min, max], or a UsageError naming the option. */
export function integerOption(value: string | undefined, name: string, usage: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, not "${value}"`, usage);
  }
  return Number(value);
}

/** Exactly `count` positional arguments named `names`, or a UsageError. */
export function expectPositionals(positionals: string[], names: readonly string[], usage: string): string[] {
  if (positionals.length < names.length) throw new UsageError(`missing ${names.slice(positionals.length).map((n) => n.toUpperCase()).join(' ')}`, usage);
  if (positionals.length > names.length) throw new UsageError(`unexpected argument "${positionals[names.length] ?? ''}"`, usage);
  return positionals;
}

/** A positive integer id given on the command line. */
export function idArgument(value: string, what: string, usage: string): number {
  if (!/^[1-9][0-9]{0,15}$/.test(value)) throw new UsageError(`${what} must be a positive integer id, not "${value}"`, usage);
  return Number(value);
}
