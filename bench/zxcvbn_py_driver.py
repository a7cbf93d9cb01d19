#!/usr/bin/env python3
"""Python zxcvbn driver for the pwguard benchmark.

    zxcvbn_py_driver.py [--tsv] < input

Reads one record per line from stdin, prints "<score> <guesses_log10>" per
record.  Plain mode: each line is a password.  --tsv: each line is
"login<TAB>full name<TAB>password[<TAB>...]" and user_inputs is the login plus
every word of the full name.
"""
import math
import sys

try:
    from zxcvbn import zxcvbn
except ImportError:
    sys.exit("zxcvbn_py_driver: Python package zxcvbn missing (pip install zxcvbn==4.5.0)")


def main():
    args = sys.argv[1:]
    if args not in ([], ["--tsv"]):
        sys.exit("usage: zxcvbn_py_driver.py [--tsv] < input")
    tsv = args == ["--tsv"]
    out = []
    stdin = open(sys.stdin.fileno(), "r", encoding="utf-8", errors="surrogateescape",
                 newline="\n")
    for line in stdin:
        if line.endswith("\n"):
            line = line[:-1]
        user_inputs = []
        if tsv:
            cols = line.split("\t")
            if len(cols) < 3:
                sys.exit("zxcvbn_py_driver: TSV line without 3 columns")
            login, full, password = cols[0], cols[1], cols[2]
            user_inputs = [w for w in [login] + full.split() if w]
        else:
            password = line
        # max_length: score the whole password (4.5.0 truncates at 72 by default)
        r = zxcvbn(password, user_inputs=user_inputs, max_length=max(72, len(password)))
        g = float(r["guesses"])
        out.append(f"{r['score']} {math.log10(g) if g > 0 else 0.0:.3f}\n")
        if len(out) >= 1024:
            sys.stdout.write("".join(out))
            out.clear()
    sys.stdout.write("".join(out))


if __name__ == "__main__":
    main()
