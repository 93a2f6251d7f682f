;; The matcher's scan loop in WebAssembly: the same automaton walk as Matcher's JavaScript
;; loops (../matcher.ts), over the same arrays copied into linear memory. Assembled by
;; `npm run build:wasm` into ../generated/scan-wasm.ts; test/core/matcher/wasm.test.ts
;; fails when that file is stale.
;;
;; Why WebAssembly: no typed-array bounds and map checks in the loop, and the hit writes
;; use `select` instead of branches (whether a unit ends a pattern is a coin toss the branch
;; predictor loses). The transitions keep their branches: a predicted "no child" lets the
;; CPU start on the root's child, which depends only on the unit, before the probe is read
;; (a branch-free transition, tried, serialises the loads and ran x0.6; benchmarks/matcher).
;;
;; Memory layout (byte offsets, passed by the caller): codeOf (u16 per UTF-16 unit), nodes
;; (i32 slots [base, check, out, fail], 16 bytes each), probe (u8 per slot), outputs (i32
;; pairs [patternId, rest]), the text chunk (u16 per unit) and the hits ((i32 id, i32 end)
;; pairs). The hit area must hold every hit of a chunk plus one pair of scratch: the caller
;; sizes chunks by the longest output chain (at most the longest pattern's length).
(module
  (memory (export "memory") 1)
  ;; The automaton's state after the last unit of a chunk, the next chunk's start state.
  (global $state (export "state") (mut i32) (i32.const 0))

  ;; Scans text[0..n) from `start`, writes every hit as (patternId, end + endOffset) at
  ;; `hits`, and returns the number of hits; leaves the final state in $state.
  (func (export "scan")
    (param $codeOf i32) (param $nodes i32) (param $probe i32) (param $outputs i32)
    (param $text i32) (param $n i32) (param $start i32) (param $hits i32) (param $endOffset i32)
    (result i32)
    (local $i i32) (local $s i32) (local $c i32) (local $low i32) (local $only i32)
    (local $t i32) (local $o i32) (local $w i32) (local $rootBase i32) (local $at i32)
    (local.set $rootBase (i32.load (local.get $nodes)))
    (local.set $s (local.get $start))
    (local.set $w (local.get $hits))
    (block $done
      (loop $units
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $c
          (i32.load16_u
            (i32.add (local.get $codeOf)
              (i32.shl
                (i32.load16_u (i32.add (local.get $text) (i32.shl (local.get $i) (i32.const 1))))
                (i32.const 1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        ;; Code 0: the unit is in no pattern, every state goes back to the root.
        (if (i32.eqz (local.get $c))
          (then (local.set $s (i32.const 0)) (br $units)))
        (local.set $low (i32.and (local.get $c) (i32.const 0xff)))
        (block $found
          (loop $fail
            ;; High half of check(s): the only child's code, 0xffff for many, 0 for a leaf.
            (local.set $only
              (i32.shr_u
                (i32.load offset=4 (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4))))
                (i32.const 16)))
            (if (i32.eq (local.get $only) (local.get $c))
              (then
                (local.set $s
                  (i32.add (local.get $c)
                    (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4))))))
                (br $found)))
            (if (i32.eq (local.get $only) (i32.const 0xffff))
              (then
                (local.set $t
                  (i32.add (local.get $c)
                    (i32.load (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4))))))
                ;; The probe byte answers most misses without reading the child's slot.
                (if (i32.eq (i32.load8_u (i32.add (local.get $probe) (local.get $t))) (local.get $low))
                  (then
                    (if (i32.eq (local.get $c)
                          (i32.and (i32.const 0xffff)
                            (i32.load offset=4
                              (i32.add (local.get $nodes) (i32.shl (local.get $t) (i32.const 4))))))
                      (then (local.set $s (local.get $t)) (br $found)))))))
            (br_if $found (i32.eqz (local.get $s)))
            (local.set $s
              (i32.load offset=12 (i32.add (local.get $nodes) (i32.shl (local.get $s) (i32.const 4)))))
            ;; Failing to the root: take the root's transition here, without another turn.
            (if (i32.eqz (local.get $s))
              (then
                (local.set $t (i32.add (local.get $rootBase) (local.get $c)))
                (if (i32.eq (i32.load8_u (i32.add (local.get $probe) (local.get $t))) (local.get $low))
                  (then
                    (if (i32.eq (local.get $c)
                          (i32.and (i32.const 0xffff)
                            (i32.load offset=4
                              (i32.add (local.get $nodes) (i32.shl (local.get $t) (i32.const 4))))))
                      (then (local.set $s (local.get $t))))))
                (br $found)))
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
        ;; The last (or only) pattern of the chain, written unconditionally into the next
        ;; free pair; the write pointer moves only when there was one.
        (i32.store (local.get $w) (i32.xor (local.get $o) (i32.const -1)))
        (i32.store offset=4 (local.get $w) (local.get $at))
        (local.set $w
          (i32.add (local.get $w) (i32.shl (i32.ne (local.get $o) (i32.const 0)) (i32.const 3))))
        (br $units)))
    (global.set $state (local.get $s))
    (i32.shr_u (i32.sub (local.get $w) (local.get $hits)) (i32.const 3)))
)
