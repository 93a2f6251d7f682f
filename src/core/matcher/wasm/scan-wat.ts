/**
 * The matcher's scan loop in WebAssembly text format: the automaton walk of Matcher's
 * JavaScript loops (../matcher.ts), over the same arrays copied into linear memory by
 * ../wasm-scan.ts. `npm run build:wasm` assembles it into ../generated/scan-wasm.ts, and
 * test/core/matcher/wasm.test.ts fails when that file is stale. The text is built here,
 * not written out, only because the walk's main loop repeats one unit's step UNROLL times.
 * Each choice below was taken on same-process A/B runs (benchmarks/README.md).
 *
 * What differs from the JavaScript loop, and why:
 * - no typed-array bounds and map checks;
 * - a first pass (`encode`) turns the chunk's units into codes in place, so the walk's
 *   branches do not wait on the 128 KiB code table;
 * - the probe holds each slot's whole code (2 bytes, where the JS loops' holds its low
 *   byte), so a match needs no second look at the child's check word;
 * - the state's base and out word travel with it, and after a fail to the root the next
 *   state comes with both from a dense table of the root's children by code: the usual
 *   step (depth-1 state, no child, fail to the root) reads no slot, so a mispredicted probe
 *   branch (whether a unit extends a word is close to a coin toss) is found out sooner;
 * - hits are written into the next free pair unconditionally and the write pointer moves by
 *   arithmetic (a branch on "did this unit end a pattern" loses, even at 4% of units);
 * - the main loop takes UNROLL units per turn, with its two exit tests once per turn.
 * The transitions keep their branches: a branch-free walk makes every unit's loads one
 * dependency chain, and ran slower even on four interleaved text streams.
 *
 * Memory (byte offsets from the caller): codeOf (u16 per UTF-16 unit), nodes (i32 slots
 * [base, check, out, fail], 16 bytes), probe (u16 per slot: the check's code half), outputs
 * (i32 pairs [patternId, rest]), rootSteps (i32 quads [state, base, out, 0] per code; code 0
 * and codes that start no pattern give the root), the text chunk (u16 per unit, overwritten
 * by `encode`) and the hit area ((i32 patternId, i32 end) pairs).
 */

/** Units per turn of the walk's main loop; the hit area keeps room for this many units' hits. */
export const UNROLL = 4;

/**
 * One unit's step. `$unit` ends the step; `$i` has already moved past the unit when hits are
 * written, so their end is `$i` (the caller biases `text`, `from` and `n` so that `$i` counts
 * from the start of the whole text, not of the chunk).
 */
function step(k: number): string {
  return `
        (block $unit${k}
          (local.set $c (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          ;; Code 0: the unit is in no pattern, every state goes back to the root.
          (if (i32.eqz (local.get $c))
            (then
              (local.set $s (i32.const 0))
              (local.set $b (local.get $rootBase))
              (local.set $near (i32.const 1))
              (br $unit${k})))
          (block $found${k}
            (loop $fail${k}
              (local.set $t (i32.add (local.get $b) (local.get $c)))
              ;; The probe (the low half of every check word) answers without reading the
              ;; child's slot; bases are unique per state, so a matching code makes t the child.
              (if (i32.eq
                    (i32.load16_u (i32.add (local.get $probe) (i32.shl (local.get $t) (i32.const 1))))
                    (local.get $c))
                (then
                  (local.set $a (i32.add (local.get $nodes) (i32.shl (local.get $t) (i32.const 4))))
                  (local.set $s (local.get $t))
                  (local.set $b (i32.load (local.get $a)))
                  (local.set $o (i32.load offset=8 (local.get $a)))
                  (local.set $near (i32.const 0))
                  (br $found${k})))
              ;; $near: the state is the root or fails to it, as every state from the root
              ;; table does; any other state follows its fail link first.
              (if (i32.eqz (local.get $near))
                (then
                  (local.set $f
                    (i32.load offset=12 (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4)))))
                  (if (local.get $f)
                    (then
                      (local.set $s (local.get $f))
                      (local.set $b (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4)))))
                      (br $fail${k})))))
              (local.set $a (i32.add (local.get $rootSteps) (i32.shl (local.get $c) (i32.const 4))))
              (local.set $s (i32.load (local.get $a)))
              (local.set $b (i32.load offset=4 (local.get $a)))
              (local.set $o (i32.load offset=8 (local.get $a)))
              (local.set $near (i32.const 1))))
          ;; Outputs: 0 none, ~patternId for one, a pair index (> 0) for two or more.
          (if (i32.gt_s (local.get $o) (i32.const 0))
            (then
              (local.set $f (local.get $o))
              (loop $chain${k}
                (i32.store (local.get $w)
                  (i32.load (i32.add (local.get $outputs) (i32.shl (local.get $f) (i32.const 3)))))
                (i32.store offset=4 (local.get $w) (local.get $i))
                (local.set $w (i32.add (local.get $w) (i32.const 8)))
                (local.set $f
                  (i32.load offset=4 (i32.add (local.get $outputs) (i32.shl (local.get $f) (i32.const 3)))))
                (br_if $chain${k} (i32.gt_s (local.get $f) (i32.const 0))))
              (i32.store (local.get $w) (i32.xor (local.get $f) (i32.const -1)))
              (i32.store offset=4 (local.get $w) (local.get $i))
              (local.set $w (i32.add (local.get $w) (i32.const 8)))
              (br $unit${k})))
          ;; One pattern or none: written either way, kept only when there was one.
          (i32.store (local.get $w) (i32.xor (local.get $o) (i32.const -1)))
          (i32.store offset=4 (local.get $w) (local.get $i))
          (local.set $w (i32.add (local.get $w) (i32.shl (i32.ne (local.get $o) (i32.const 0)) (i32.const 3)))))`;
}

/** One unit of `encode`: the unit `offset` bytes past `$at` replaced by its code. */
function encode(offset: number): string {
  return `
        (i32.store16 offset=${offset} (local.get $at)
          (i32.load16_u
            (i32.add (local.get $codeOf) (i32.shl (i32.load16_u offset=${offset} (local.get $at)) (i32.const 1)))))`;
}

/** The module's text. */
export function scanModuleText(): string {
  const unrolled = Array.from({ length: UNROLL }, (_, k) => step(k)).join('');
  const encodings = Array.from({ length: UNROLL }, (_, k) => encode(2 * k)).join('');
  return `(module
  (memory (export "memory") 1)
  ;; After a walk: the state reached (the next walk starts there) and the next unit to read
  ;; (the end, or where the hit area filled up).
  (global $state (export "state") (mut i32) (i32.const 0))
  (global $next (export "next") (mut i32) (i32.const 0))

  ;; Turns text[0..n) into codes in place (independent loads, no branches), ${UNROLL} units a turn.
  (func (export "encode") (param $codeOf i32) (param $text i32) (param $n i32)
    (local $at i32) (local $end i32)
    (local.set $at (local.get $text))
    (local.set $end (i32.add (local.get $text) (i32.shl (local.get $n) (i32.const 1))))
    (block $turns
      (loop $turn
        (br_if $turns (i32.gt_u (i32.add (local.get $at) (i32.const ${2 * UNROLL})) (local.get $end)))${encodings}
        (local.set $at (i32.add (local.get $at) (i32.const ${2 * UNROLL})))
        (br $turn)))
    (block $coded
      (loop $code
        (br_if $coded (i32.ge_u (local.get $at) (local.get $end)))${encode(0)}
        (local.set $at (i32.add (local.get $at) (i32.const 2)))
        (br $code))))

  ;; Walks the encoded text[from..n) from state \`start\`, writes every hit as (patternId, end)
  ;; at \`hits\` and returns how many. Stops early once the write pointer is past \`hitsFull\`
  ;; (checked every ${UNROLL} units; the caller leaves room for ${UNROLL} units' longest chains
  ;; and a scratch pair after it).
  (func (export "walk")
    (param $nodes i32) (param $probe i32) (param $outputs i32) (param $rootSteps i32)
    (param $text i32) (param $from i32) (param $n i32) (param $start i32)
    (param $hits i32) (param $hitsFull i32)
    (result i32)
    (local $i i32) (local $s i32) (local $b i32) (local $o i32) (local $near i32)
    (local $c i32) (local $t i32) (local $a i32) (local $f i32) (local $w i32) (local $rootBase i32)
    (local.set $rootBase (i32.load (local.get $nodes)))
    (local.set $s (local.get $start))
    (local.set $b (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4)))))
    (local.set $w (local.get $hits))
    (local.set $i (local.get $from))
    (block $stop
      (block $tail
        (loop $turn
          (br_if $tail (i32.gt_u (i32.add (local.get $i) (i32.const ${UNROLL})) (local.get $n)))
          (br_if $stop (i32.gt_u (local.get $w) (local.get $hitsFull)))${unrolled}
          (br $turn)))
      (loop $last
        (br_if $stop (i32.ge_u (local.get $i) (local.get $n)))
        (br_if $stop (i32.gt_u (local.get $w) (local.get $hitsFull)))${step(UNROLL)}
        (br $last)))
    (global.set $state (local.get $s))
    (global.set $next (local.get $i))
    (i32.shr_u (i32.sub (local.get $w) (local.get $hits)) (i32.const 3)))
)
`;
}
