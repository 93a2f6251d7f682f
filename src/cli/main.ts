#!/usr/bin/env node
/**
 * The `jiaodui` command: argument parsing, exit codes and nothing else. Each subcommand lives
 * in commands/<name>.ts and exports `register(program)`; the work itself is done by the
 * library rooms (src/scan, src/links, ...), never here.
 *
 * Exit codes (every command): 0 clean, 1 findings at or above `--fail-on`, 2 error.
 */
import { Command, CommanderError } from 'commander';
import { EXIT_ERROR } from './exit-codes.js';
import { COMMANDS } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('jiaodui')
    .description('Proofreading for Chinese government websites: typos, sensitive words, links')
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_ERROR;
      return;
    }
    process.stderr.write(`jiaodui: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_ERROR;
  }
}

await main(process.argv);
