#!/usr/bin/env python3
"""Accuracy and calibration on bench/gen_families.py output, pwguard beside zxcvbn-c.

    bench/eval_families.py PWGUARD FAMILIES.tsv [--zxcvbn-c DRIVER] [--svg FILE] [--md FILE]

Per family, for each tool on the same passwords in the same run: the share
of weak passwords accepted (or strong ones rejected) at the tool's default
(pwguard: its default policy, no configuration file; zxcvbn-c: score >= 3),
and for pwguard the median and the 5-95% band of log10(estimate / the
attack's size), the calibration. --svg draws pwguard's estimate against
the attack's size, log-log, one colour per weak family. Exit status 0.
"""
import argparse, json, statistics, subprocess, sys
from collections import defaultdict

COLOURS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def run(cmd, passwords, what):
    result = subprocess.run(cmd, input=passwords, stdout=subprocess.PIPE, check=False)
    lines = result.stdout.decode().splitlines()
    expected = passwords.count(b"\n")
    if len(lines) != expected:
        sys.exit(f"eval_families: {what} printed {len(lines)} lines for {expected} passwords")
    return lines


def svg_plot(points, path):
    """points: {family: [(attack_log10, estimate_log10)]}."""
    lo, hi = 4.0, 14.0
    size, margin = 560, 60
    scale = lambda v: margin + (min(max(v, lo), hi) - lo) / (hi - lo) * (size - 2 * margin)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 200}" height="{size}" font-family="sans-serif" font-size="12">',
           f'<rect width="{size + 200}" height="{size}" fill="white"/>']
    for v in range(int(lo), int(hi) + 1, 2):
        x, y = scale(v), size - scale(v)
        out.append(f'<line x1="{x}" y1="{size - margin}" x2="{x}" y2="{margin}" stroke="#eee"/>')
        out.append(f'<line x1="{margin}" y1="{y}" x2="{size - margin}" y2="{y}" stroke="#eee"/>')
        out.append(f'<text x="{x}" y="{size - margin + 16}" text-anchor="middle">10^{v}</text>')
        out.append(f'<text x="{margin - 6}" y="{y + 4}" text-anchor="end">10^{v}</text>')
    for offset, dash in ((0, ""), (1, "4,4"), (-1, "4,4")):
        out.append(f'<line x1="{scale(lo)}" y1="{size - scale(lo + offset)}" x2="{scale(hi)}" y2="{size - scale(hi + offset)}" '
                   f'stroke="#999" stroke-dasharray="{dash}"/>')
    out.append(f'<line x1="{margin}" y1="{size - scale(10)}" x2="{size - margin}" y2="{size - scale(10)}" stroke="#d62728" stroke-width="0.5"/>')
    for i, (family, pts) in enumerate(sorted(points.items())):
        colour = COLOURS[i % len(COLOURS)]
        for attack, estimate in pts:
            out.append(f'<circle cx="{scale(attack):.1f}" cy="{size - scale(estimate):.1f}" r="1.6" fill="{colour}" fill-opacity="0.5"/>')
        out.append(f'<circle cx="{size - margin + 20}" cy="{margin + 18 * i}" r="4" fill="{colour}"/>')
        out.append(f'<text x="{size - margin + 30}" y="{margin + 18 * i + 4}">{family}</text>')
    out.append(f'<text x="{size / 2}" y="{size - 15}" text-anchor="middle">size of the attack that finds the password (guesses)</text>')
    out.append(f'<text x="15" y="{size / 2}" transform="rotate(-90 15 {size / 2})" text-anchor="middle">pwguard estimate (guesses)</text>')
    out.append(f'<text x="{margin}" y="20">pwguard estimate against attack size: diagonal = exact, dashed = 10x; red line = 10^10 (the default policy)</text>')
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("pwguard")
    parser.add_argument("families")
    parser.add_argument("--zxcvbn-c", dest="zxcvbn_c")
    parser.add_argument("--svg")
    parser.add_argument("--md")
    args = parser.parse_args()
    rows = [line.rstrip("\n").split("\t") for line in open(args.families, encoding="utf-8")]
    passwords = "".join(r[0] + "\n" for r in rows).encode()
    pwguard = [json.loads(line) for line in run([args.pwguard, "check", "--json", "--config", "/dev/null"], passwords, "pwguard")]
    zxcvbn = None
    if args.zxcvbn_c:
        zxcvbn = [int(line.split()[0]) >= 3 for line in run([args.zxcvbn_c], passwords, "zxcvbn-c")]

    by_family = defaultdict(list)
    for i, (password, label, family, attack) in enumerate(rows):
        verdict = pwguard[i]
        by_family[(label, family)].append((verdict["accepted"], zxcvbn[i] if zxcvbn else None,
                                           float(attack), verdict["guesses_log10"]))
    header = "| family | kind | n | pwguard wrong | zxcvbn-c wrong | median log10(estimate/attack) | 5% | 95% |"
    lines = [header, "|---|---|---:|---:|---:|---:|---:|---:|"]
    totals = defaultdict(lambda: [0, 0, 0])
    points = {}
    for (label, family), results in by_family.items():
        wrong = sum(1 for accepted, _, _, _ in results if accepted == (label == "weak"))
        zwrong = sum(1 for _, z, _, _ in results if z == (label == "weak")) if zxcvbn else None
        ratios = sorted(estimate - attack for _, _, attack, estimate in results)
        q = lambda f: ratios[min(len(ratios) - 1, int(f * len(ratios)))]
        n = len(results)
        totals[label][0] += n
        totals[label][1] += wrong
        totals[label][2] += zwrong or 0
        if label == "weak":
            points[family] = [(attack, estimate) for _, _, attack, estimate in results]
        ztext = f"{100 * zwrong / n:.1f}%" if zxcvbn else "-"
        lines.append(f"| {family} | {label} | {n} | {100 * wrong / n:.1f}% | {ztext} | "
                     f"{statistics.median(ratios):+.2f} | {q(0.05):+.2f} | {q(0.95):+.2f} |")
    for label, (n, wrong, zwrong) in sorted(totals.items(), reverse=True):
        verb = "accepted" if label == "weak" else "rejected"
        ztext = f", zxcvbn-c {100 * zwrong / n:.2f}%" if zxcvbn else ""
        lines.append(f"\nAll {label} ({n}): {verb} by pwguard {100 * wrong / n:.2f}%{ztext}")
    report = "\n".join(lines) + "\n"
    print(report)
    if args.md:
        with open(args.md, "w") as f:
            f.write(report)
    if args.svg:
        svg_plot(points, args.svg)


main()
