/** The double array's slot layout, shared by the builder, the snapshot codec and both scan loops. */

/**
 * Slot fields side by side, so that a state's fields share a cache line (benchmarks/matcher,
 * 100k terms: four separate arrays cost one more cache miss per character).
 */
export const NODE_STRIDE = 4;
export const BASE = 0;
export const CHECK = 1;
export const OUT = 2;
export const FAIL = 3;
/** High half of a check word for a state with two or more children. */
export const MANY_CHILDREN = 0xffff;
