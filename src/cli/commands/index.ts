import type { Command } from 'commander';
import { register as dict } from './dict.js';
import { register as check } from './check.js';
import { register as scan } from './scan.js';
import { register as report } from './report.js';
import { register as worker } from './worker.js';
import { register as links } from './links.js';
import { register as readiness } from './readiness.js';

/** Every subcommand registers itself on the program; the order is the order of `--help`. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [dict, check, scan, report, worker, links, readiness];
