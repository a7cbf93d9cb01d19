#!/usr/bin/env python3
"""Accuracy and calibration of pwguard on bench/gen_families.py output.

    bench/eval_families.py PWGUARD FAMILIES.tsv

Per family: the share of weak passwords accepted (or strong ones rejected)
at the default policy, and for weak families the median and the 5-95% band
of log10(pwguard's estimate / the attack's size). Exit status 0.
"""
import json, statistics, subprocess, sys
from collections import defaultdict


def main():
    pwguard, path = sys.argv[1], sys.argv[2]
    rows = [line.rstrip("\n").split("\t") for line in open(path, encoding="utf-8")]
    passwords = "".join(r[0] + "\n" for r in rows).encode()
    out = subprocess.run([pwguard, "check", "--json", "--config", "/dev/null"], input=passwords,
                         stdout=subprocess.PIPE, check=False).stdout.decode().splitlines()
    assert len(out) == len(rows), (len(out), len(rows))
    by_family = defaultdict(list)
    for (password, label, family, attack), line in zip(rows, out):
        verdict = json.loads(line)
        by_family[(label, family)].append((verdict["accepted"], verdict["guesses_log10"] - float(attack)))
    print(f"{'family':22} {'kind':6} {'n':>4} {'wrong':>7} {'median':>7} {'p5':>6} {'p95':>6}")
    for (label, family), results in by_family.items():
        wrong = sum(1 for accepted, _ in results if accepted == (label == "weak"))
        ratios = sorted(r for _, r in results)
        q = lambda f: ratios[min(len(ratios) - 1, int(f * len(ratios)))]
        print(f"{family:22} {label:6} {len(results):4} {100 * wrong / len(results):6.1f}% "
              f"{statistics.median(ratios):+7.2f} {q(0.05):+6.2f} {q(0.95):+6.2f}")


main()
