#!/usr/bin/env python3
"""Attack-family passwords for tuning and for reporting, kept apart.

    bench/gen_families.py --split tuning    > bench/out/families-tuning.tsv
    bench/gen_families.py --split reporting > bench/out/families-reporting.tsv

Output, one row per password, no header:

    password <TAB> weak|strong <TAB> family <TAB> attack_log10

Each weak family is one attack an offline cracker runs, written from the
documented modes of hashcat (combinator, hybrid wordlist+mask, toggle-case)
and john (wordlist+rules: duplicate, reverse, vowel removal, truncation), over
word lists of its own: wordfreq's English list (spoken and written text,
subtitles among its sources) cut at a depth drawn per password from a range,
so that no single constant fits every family. `attack_log10` is log10 of
the size of that attack (the list depth to the power of the word count, times
the affixes and separators it tries): a password of the family is found
within that many guesses. Strong families are drawn uniformly from spaces of
at least 10^13.

The two splits draw from the same families with different seeds. Modelling
choices are made on `tuning` only; `make bench` reports on `reporting`.
"""

import argparse
import math
import random
import re
import sys

SEEDS = {"tuning": 20261208, "reporting": 81620262}
PER_FAMILY = 300
ALPHA = re.compile(r"[a-z]+")
SEPARATORS = " -_.+!@#*,/"
SUFFIXES = ["", "1", "12", "123", "!", "1!", "2024", "01", "69", "7", "99", "?"]
YEARS = [str(y) for y in range(1950, 2027)]


def words():
    try:
        import wordfreq
    except ImportError:
        sys.exit("gen_families: Python package wordfreq missing (pip install -r bench/requirements.txt)")
    english = [w for w in wordfreq.top_n_list("en", 200000, wordlist="large") if ALPHA.fullmatch(w)]
    return english


def log10(x):
    return math.log10(x)


def weak_families(english):
    """Each family: a function rng -> (password, attack_log10)."""

    def combinator(k, lo, hi, suffixes, sep=""):
        def make(rng):
            depth = rng.randint(lo, hi)
            pool = english[:depth]
            parts = [rng.choice(pool) for _ in range(k)]
            suffix = rng.choice(suffixes)
            return sep.join(parts) + suffix, k * log10(depth) + log10(len(suffixes))
        return make

    def separated(k, lo, hi, separators, digits):
        def make(rng):
            depth = rng.randint(lo, hi)
            sep = rng.choice(separators)
            parts = [rng.choice(english[:depth]) for _ in range(k)]
            digit = str(rng.randint(0, 9)) if digits and rng.random() < 0.5 else ""
            return sep.join(parts) + digit, k * log10(depth) + log10(len(separators)) + log10(11 if digits else 1)
        return make

    def camel(k, lo, hi):
        def make(rng):
            depth = rng.randint(lo, hi)
            parts = [rng.choice(english[:depth]).capitalize() for _ in range(k)]
            suffix = rng.choice(SUFFIXES)
            return "".join(parts) + suffix, k * log10(depth) + log10(len(SUFFIXES)) + log10(2)
        return make

    def vowelless_year(rng):
        depth = rng.randint(2000, 20000)
        word = rng.choice([w for w in english[:depth] if len(w) >= 5][:depth])
        stripped = word[0] + re.sub("[aeiou]", "", word[1:])
        return stripped + rng.choice(YEARS), log10(depth) + log10(len(YEARS)) + log10(3)

    def hybrid(rng):
        depth = rng.randint(5000, 50000)
        digits = rng.randint(2, 4)
        word = rng.choice(english[:depth])
        word = word.capitalize() if rng.random() < 0.5 else word
        tail = "".join(rng.choice("0123456789") for _ in range(digits))
        return word + tail, log10(depth) + digits + log10(2) + log10(3)

    def rules(rng):
        depth = rng.randint(3000, 30000)
        word = rng.choice([w for w in english[:depth] if len(w) >= 4])
        rule = rng.choice(["dup", "reverse", "toggle", "truncate", "dup_cap", "reflect"])
        if rule == "dup":
            out = word + word
        elif rule == "reverse":
            out = word[::-1]
        elif rule == "toggle":   # hashcat T0T2...: alternate case
            out = "".join(c.upper() if i % 2 else c for i, c in enumerate(word))
        elif rule == "truncate":
            out = word[:max(3, len(word) - rng.randint(1, 2))] + rng.choice(["1", "12", "!"])
        elif rule == "dup_cap":
            out = word.capitalize() + word
        else:                    # john 'f': reflect
            out = word + word[::-1]
        return out, log10(depth) + log10(64)

    return {
        "combinator2": combinator(2, 300, 3000, SUFFIXES),
        "combinator3": combinator(3, 150, 700, SUFFIXES),
        "spaced3": separated(3, 200, 800, " ", False),
        "separated2": separated(2, 500, 5000, SEPARATORS, True),
        "camel2": camel(2, 500, 5000),
        "camel3": camel(3, 100, 500),
        "vowelless_year": vowelless_year,
        "hybrid_digits": hybrid,
        "word_rules": rules,
    }


def strong_families(english):
    def diceware(k, size, sep_choices):
        def make(rng):
            pool = english[:size]
            sep = rng.choice(sep_choices)
            return sep.join(rng.choice(pool) for _ in range(k)), k * log10(size)
        return make

    def random_string(alphabet, lo, hi):
        def make(rng):
            n = rng.randint(lo, hi)
            return "".join(rng.choice(alphabet) for _ in range(n)), n * log10(len(alphabet))
        return make

    def rare_words_digits(rng):
        pool = english[20000:120000]
        return rng.choice(pool) + rng.choice(pool) + "".join(rng.choice("0123456789") for _ in range(4)), 14.0

    return {
        "diceware4": diceware(4, 20000, ["", " ", "-", "."]),
        "diceware5": diceware(5, 8000, ["", " "]),
        "random_words3": diceware(3, 100000, [""]),
        "random_lower": random_string("abcdefghijklmnopqrstuvwxyz", 10, 14),
        "random_printable": random_string("".join(chr(c) for c in range(0x21, 0x7F)), 9, 12),
        "rare_words_digits": rare_words_digits,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=sorted(SEEDS), required=True)
    parser.add_argument("--per-family", type=int, default=PER_FAMILY)
    args = parser.parse_args()
    rng = random.Random(SEEDS[args.split])
    english = words()
    out = sys.stdout
    for label, families in (("weak", weak_families(english)), ("strong", strong_families(english))):
        for name, make in families.items():
            seen = set()
            while len(seen) < args.per_family:
                password, attack = make(rng)
                if len(password) < 8 or password in seen or "\t" in password:
                    continue
                seen.add(password)
                out.write(f"{password}\t{label}\t{name}\t{attack:.2f}\n")


if __name__ == "__main__":
    main()
