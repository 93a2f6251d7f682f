import type { Command } from 'commander';
import { register as dict } from './dict.js';

/** Every subcommand registers itself on the program; the order is the order of `--help`. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [dict];
