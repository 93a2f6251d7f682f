;; The matcher's scan loop in WebAssembly: the automaton walk of Matcher's JavaScript loops
;; (../matcher.ts), over the same arrays copied into linear memory by ../wasm-scan.ts.
;; Assembled by `npm run build:wasm` into ../generated/scan-wasm.ts;
;; test/core/matcher/wasm.test.ts fails when that file is stale. The reasons for each choice
;; are the same-process A/B runs in benchmarks/README.md ("WebAssembly scan loop").
;;
;; What differs from the JavaScript loop, and why:
;; - no typed-array bounds and map checks;
;; - a first pass (`encode`) turns the chunk's units into codes in place, so the walk's
;;   branches do not wait on the 128 KiB code table;
;; - the base of the current state rides along with it (`$b`), and the root's children sit
;;   in a dense table of (state, base) pairs by code: after the usual "no child, fail to the
;;   root" step, the next probe needs no load from the state's own slot, so a mispredicted
;;   probe branch is found out sooner;
;; - hits are written with arithmetic instead of a branch (whether a unit ends a pattern is a
;;   coin toss the branch predictor loses). The transitions keep their branches: a
;;   branch-free walk serialises the loads, and ran slower even on four interleaved streams.
;;
;; Memory (byte offsets from the caller): codeOf (u16 per UTF-16 unit), nodes (i32 slots
;; [base, check, out, fail], 16 bytes), probe (u8 per slot: the check's low byte), outputs
;; (i32 pairs [patternId, rest]), rootPairs (i32 pairs [state, base] per code; code 0 and
;; codes with no root child map to the root), the text chunk (u16 per unit, overwritten) and
;; the hit area ((i32 patternId, i32 end) pairs). The walk stops once the hit area is nearly
;; full; the caller leaves room for the longest chain of one unit and a pair of scratch.
(module
  (memory (export "memory") 1)
  ;; The state after the last unit walked: the next walk starts there.
  (global $state (export "state") (mut i32) (i32.const 0))
  ;; The unit after the last one walked: the text's length, or where the hit area filled up.
  (global $next (export "next") (mut i32) (i32.const 0))

  ;; Turns text[0..n) into codes in place (independent loads, no branches), so that the
  ;; walk's branches do not wait on the 128 KiB code table.
  (func (export "encode") (param $codeOf i32) (param $text i32) (param $n i32)
    (local $i i32) (local $at i32)
    (block $coded
      (loop $code
        (br_if $coded (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $at (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1))))
        (i32.store16 (local.get $at)
          (i32.load16_u
            (i32.add (local.get $codeOf) (i32.shl (i32.load16_u (local.get $at)) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $code))))

  ;; Walks the encoded text[from..n) from state `start`, writes every hit as (patternId,
  ;; end + endOffset) at `hits` and returns how many. Stops early, before a unit, once the
  ;; write pointer is past `hitsFull` (the caller leaves room for one unit's longest chain
  ;; after it). Leaves the state in $state and the next unit to read in $next.
  (func (export "walk")
    (param $nodes i32) (param $probe i32) (param $outputs i32) (param $rootPairs i32)
    (param $text i32) (param $from i32) (param $n i32) (param $start i32)
    (param $hits i32) (param $hitsFull i32) (param $endOffset i32)
    (result i32)
    (local $i i32) (local $s i32) (local $b i32) (local $c i32) (local $t i32) (local $f i32)
    (local $o i32) (local $w i32) (local $at i32) (local $rootBase i32)
    (local.set $rootBase (i32.load (local.get $nodes)))
    (local.set $s (local.get $start))
    (local.set $b (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4)))))
    (local.set $w (local.get $hits))
    (local.set $i (local.get $from))
    (block $done
      (loop $units
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (br_if $done (i32.gt_u (local.get $w) (local.get $hitsFull)))
        (local.set $c (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        ;; Code 0: the unit is in no pattern, every state goes back to the root.
        (if (i32.eqz (local.get $c))
          (then
            (local.set $s (i32.const 0))
            (local.set $b (local.get $rootBase))
            (br $units)))
        (block $found
          (loop $fail
            (local.set $t (i32.add (local.get $b) (local.get $c)))
            ;; The probe byte answers most misses without reading the child's slot; bases are
            ;; unique per state, so a matching code in check(t) makes t the child.
            (if (i32.eq
                  (i32.load8_u (i32.add (local.get $probe) (local.get $t)))
                  (i32.and (local.get $c) (i32.const 0xff)))
              (then
                (if (i32.eq (local.get $c)
                      (i32.and (i32.const 0xffff)
                        (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $t) (i32.const 4))))))
                  (then
                    (local.set $s (local.get $t))
                    (local.set $b (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $t) (i32.const 4)))))
                    (br $found)))))
            (local.set $f
              (i32.load offset=12 (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4)))))
            (if (i32.eqz (local.get $f))
              (then
                ;; At the root there is nothing left to try; from anywhere else the fail link
                ;; leads to the root, whose child by c comes from the dense table.
                (if (i32.eqz (local.get $s))
                  (then (br $found)))
                (local.set $t (i32.add (local.get $rootPairs) (i32.shl (local.get $c) (i32.const 3))))
                (local.set $s (i32.load (local.get $t)))
                (local.set $b (i32.load offset=4 (local.get $t)))
                (br $found)))
            (local.set $s (local.get $f))
            (local.set $b (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4)))))
            (br $fail)))
        ;; Outputs: 0 none, ~patternId for one, a pair index (> 0) for two or more.
        (local.set $o
          (i32.load offset=8 (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4)))))
        (local.set $at (i32.add (local.get $i) (local.get $endOffset)))
        (if (i32.gt_s (local.get $o) (i32.const 0))
          (then
            (loop $chain
              (i32.store (local.get $w)
                (i32.load (i32.add (local.get $outputs) (i32.shl (local.get $o) (i32.const 3)))))
              (i32.store offset=4 (local.get $w) (local.get $at))
              (local.set $w (i32.add (local.get $w) (i32.const 8)))
              (local.set $o
                (i32.load offset=4 (i32.add (local.get $outputs) (i32.shl (local.get $o) (i32.const 3)))))
              (br_if $chain (i32.gt_s (local.get $o) (i32.const 0))))))
        ;; The last (or only) pattern of the chain goes into the next free pair either way;
        ;; the write pointer moves only when there was one.
        (i32.store (local.get $w) (i32.xor (local.get $o) (i32.const -1)))
        (i32.store offset=4 (local.get $w) (local.get $at))
        (local.set $w
          (i32.add (local.get $w) (i32.shl (i32.ne (local.get $o) (i32.const 0)) (i32.const 3))))
        (br $units)))
    (global.set $state (local.get $s))
    (global.set $next (local.get $i))
    (i32.shr_u (i32.sub (local.get $w) (local.get $hits)) (i32.const 3)))
)
