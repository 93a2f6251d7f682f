/** Exit codes a script can rely on, for every command. */
export const EXIT_CLEAN = 0;
/** Findings at or above `--fail-on` (default `error`). */
export const EXIT_FINDINGS = 1;
/** Bad arguments, unreadable input that stopped the command, or an internal error. */
export const EXIT_ERROR = 2;
