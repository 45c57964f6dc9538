#!/usr/bin/env node
import { ConfigError } from '../config.js';
import { isWorkbookError } from '../workbook/errors.js';
import { checkCommand, checkUsage } from './checkCommand.js';
import { clientCommand, clientUsage } from './clientCommand.js';
import { evalCommand, evalUsage } from './evalCommand.js';
import { publishCommand, publishUsage } from './publishCommand.js';
import { recordsCommand, recordsUsage } from './recordsCommand.js';
import { serveCommand, serveUsage } from './serveCommand.js';
import { siteCommand, siteUsage } from './siteCommand.js';
import { UsageError } from './usage.js';

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  serve: serveCommand,
  client: clientCommand,
  site: siteCommand,
  publish: publishCommand,
  records: recordsCommand,
  eval: evalCommand,
  check: checkCommand,
};

const usage = `Usage: sheetport <command> [options]

${serveUsage}

${clientUsage}

${siteUsage}

${publishUsage}

${recordsUsage}

${evalUsage}

${checkUsage}`;

/** Runs one CLI command and returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(`${usage}\n`);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  try {
    return await command(rest);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (
      err instanceof UsageError ||
      (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    if (isFileError(err)) {
      process.stderr.write(
        `Cannot read ${err.path}: ${err.code === 'ENOENT' ? 'no such file.' : `${err.code}.`}\n`,
      );
      return 1;
    }
    if (isWorkbookError(err)) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

// A reader that stops early (`| head`) is not an error.
/** A file-system error naming the path (missing file, a directory, no permission). */
function isFileError(err: unknown): err is NodeJS.ErrnoException & { path: string } {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).path === 'string';
}

process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
