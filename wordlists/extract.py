#!/usr/bin/env python3
"""Regenerate the pwguard word lists (wordlists/*.txt) from their public sources.

Usage:  python3 wordlists/extract.py [OUTPUT_DIR]      (default: this script's directory)

Sources (see SOURCES.md for licences):
  * zxcvbn 4.5.0 (pip)     zxcvbn.frequency_lists.FREQUENCY_LISTS
  * wordfreq 3.1.1 (pip)   wordfreq.top_n_list('en', ENGLISH_TOP_N, wordlist='large')
  * john-data (Debian)     /usr/share/john/password.lst

Output: one file per list, one lower-case word per line, most frequent first,
so a word's rank is its line number. The output depends only on the source
versions: no randomness, no clock, no locale (everything is explicit UTF-8).
Then `lexicon-compiler wordlists Sources/CLexiconData/lexicon.bin` compiles them.
"""

import importlib.metadata
import os
import sys
import unicodedata

# The list ids are the positions in this tuple; the compiled lexicon stores
# them in 4 bits, so the order is part of the format and must stay stable.
LISTS = (
    "passwords",
    "english_wikipedia",
    "us_tv_and_film",
    "female_names",
    "male_names",
    "surnames",
    "english",
    "john",
)

# How many wordfreq words to take before filtering. Chosen as the smallest
# round number that makes the union of all lists reach UNION_TARGET unique
# words (161,102 with wordfreq 3.1.1) while the compiled lexicon stays under
# 2,000,000 bytes (~1.89 MB): each extra word costs ~12 bytes in the binary.
ENGLISH_TOP_N = 140_000
UNION_TARGET = 160_000

MAX_WORD_BYTES = 31  # the binary format stores the length in 5 bits

JOHN_PATH = "/usr/share/john/password.lst"

EXPECTED_VERSIONS = {"zxcvbn": "4.5.0", "wordfreq": "3.1.1"}


def acceptable(word):
    """The rules every list obeys (the lexicon stores 1–31 bytes, and ':' and
    whitespace would break the line-oriented formats this data travels in)."""
    if not word:
        return False
    if len(word.encode("utf-8")) > MAX_WORD_BYTES:
        return False
    for ch in word:
        if ch.isspace() or ch == ":" or unicodedata.category(ch) == "Cc":
            return False
    return True


def clean(words, extra_filter=None):
    """Lower-cases, filters and de-duplicates, keeping the first (most
    frequent) occurrence so line number = rank stays meaningful."""
    seen = set()
    out = []
    for word in words:
        word = word.lower()
        if not acceptable(word):
            continue
        if extra_filter is not None and not extra_filter(word):
            continue
        if word in seen:
            continue
        seen.add(word)
        out.append(word)
    return out


def only_letters(word):
    # str.isalpha() is true for Unicode letters (categories L*), false for
    # apostrophes, digits, hyphens and combining marks: wordfreq's tokens such
    # as "don't" or "2nd" are better left to the other matchers.
    return word.isalpha()


def read_john(path):
    with open(path, "rb") as f:
        raw = f.read()
    # The file is ASCII; decode strictly so a changed upstream file fails loudly
    # instead of silently producing different bytes.
    text = raw.decode("utf-8", errors="strict")
    words = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if line.startswith("#!comment"):
            continue
        words.append(line)
    return words


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

    for package, version in EXPECTED_VERSIONS.items():
        found = importlib.metadata.version(package)
        if found != version:
            # Different data would make the committed files unreproducible.
            print(f"warning: {package} {found} installed, lists were made with {version}", file=sys.stderr)

    from zxcvbn.frequency_lists import FREQUENCY_LISTS
    import wordfreq

    lists = {}
    for name in ("passwords", "english_wikipedia", "us_tv_and_film", "female_names", "male_names", "surnames"):
        lists[name] = clean(FREQUENCY_LISTS[name])
    lists["english"] = clean(wordfreq.top_n_list("en", ENGLISH_TOP_N, wordlist="large"), only_letters)
    lists["john"] = clean(read_john(JOHN_PATH))

    union = set()
    for name in LISTS:
        union.update(lists[name])
    if len(union) < UNION_TARGET:
        sys.exit(f"error: union has {len(union)} words, need {UNION_TARGET}; raise ENGLISH_TOP_N")

    os.makedirs(out_dir, exist_ok=True)
    for name in LISTS:
        path = os.path.join(out_dir, name + ".txt")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for word in lists[name]:
                f.write(word + "\n")
        print(f"{name}: {len(lists[name])} words")
    with open(os.path.join(out_dir, "lists.txt"), "w", encoding="utf-8", newline="\n") as f:
        for name in LISTS:
            f.write(name + "\n")
    print(f"union: {len(union)} unique words")


if __name__ == "__main__":
    main()
