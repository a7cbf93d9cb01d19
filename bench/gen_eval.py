#!/usr/bin/env python3
"""Build the pwguard benchmark evaluation set, deterministically.

Output (default bench/out/eval.tsv), one row per password, no header:

    login <TAB> full name <TAB> password <TAB> weak|strong <TAB> category

Every row gets a generated user (login + full name).  Weak rows are what an
offline attacker running john/hashcat with common word lists and common rules
guesses in fewer than 10^10 tries; strong rows are random and need far more
than 10^10 guesses even for an attacker who knows exactly how they were made.
bench/README.md explains every category and its guess-count bound.

Inputs (all pinned, so the set is the same on every machine):
  * zxcvbn 4.5.0 (PyPI)  zxcvbn.frequency_lists.FREQUENCY_LISTS
  * wordfreq 3.1.1 (PyPI) top_n_list('en', N, wordlist='large')
  * john-data (Debian)    /usr/share/john/password.lst
"""

import argparse
import datetime
import hashlib
import os
import random
import re
import sys

SEED = 20261129
CURRENT_YEAR = 2026          # fixed (not "today") so the set never drifts
FIRST_YEAR = 1950
JOHN_LIST = "/usr/share/john/password.lst"

WEAK_PER_CATEGORY = 429      # 7 categories -> 3,003 weak rows
STRONG_PER_CATEGORY = 500    # 4 categories -> 2,000 strong rows

SYMBOLS = "!@#$.,*?"          # the symbols people append
LEET = {                      # john/hashcat substitution rules (sa4, sa@, ...)
    "a": "4@",
    "e": "3",
    "i": "1!",
    "o": "0",
    "s": "$5",
    "t": "7",
}
MIN_GENERATED_LEN = 8        # generated weak passwords: at least the usual minimum length
PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F))  # 94 chars, no space

ALPHA = re.compile(r"[a-z]+")
GRAPHIC = re.compile(r"[\x21-\x7e]+")


# --------------------------------------------------------------------------
# Source lists
# --------------------------------------------------------------------------

class Sources:
    def __init__(self):
        try:
            from zxcvbn.frequency_lists import FREQUENCY_LISTS as F
        except ImportError:
            sys.exit("gen_eval: Python package zxcvbn missing (pip install zxcvbn==4.5.0)")
        try:
            import wordfreq
        except ImportError:
            sys.exit("gen_eval: Python package wordfreq missing (pip install wordfreq==3.1.1)")
        if not os.path.exists(JOHN_LIST):
            sys.exit(f"gen_eval: {JOHN_LIST} missing (apt-get install john-data)")

        def alpha(words, lo=1, hi=99):
            return [w for w in words if ALPHA.fullmatch(w) and lo <= len(w) <= hi]

        # Leaked passwords: zxcvbn's list (rank order) and john's password.lst.
        self.zx_passwords = [p for p in F["passwords"][:10000] if GRAPHIC.fullmatch(p)]
        with open(JOHN_LIST, encoding="latin-1") as f:
            john = [ln.rstrip("\n") for ln in f if not ln.startswith("#!comment")]
        self.john = [p for p in dedupe(john) if GRAPHIC.fullmatch(p)]

        # Base words for rule mangling: 5,000 top leaked + 5,000 top English.
        self.mangle_bases = dedupe(
            alpha(F["passwords"], 4, 10)[:5000] + alpha(F["english_wikipedia"], 4, 10)[:5000]
        )

        # Names.
        self.female = F["female_names"][:1000]
        self.male = F["male_names"][:1000]          # 983 in the list
        self.surnames = F["surnames"][:1000]
        self.firsts = dedupe(self.female + self.male)
        # Users are drawn from wider lists than the name+date category uses.
        self.user_firsts = dedupe(F["female_names"][:2000] + F["male_names"])
        self.user_lasts = F["surnames"][:5000]

        # Common words for the combinator category: top 5,000 of the union of
        # the TV/film list and wordfreq's English list, interleaved by rank.
        en = wordfreq.top_n_list("en", 130000, wordlist="large")
        tv = alpha(F["us_tv_and_film"], 3)
        en3 = alpha(en, 3)
        common = []
        seen = set()
        for a, b in zip(tv, en3):
            for w in (a, b):
                if w not in seen:
                    seen.add(w)
                    common.append(w)
            if len(common) >= 5000:
                break
        self.common5k = common[:5000]

        # Strong: the 100,000 most frequent purely alphabetic English words.
        en_alpha = [w for w in en if ALPHA.fullmatch(w)]
        if len(en_alpha) < 100000:
            sys.exit("gen_eval: wordfreq returned fewer than 100,000 alphabetic words")
        self.en100k = en_alpha[:100000]
        self.en20k = en_alpha[:20000]


def dedupe(seq):
    seen = set()
    out = []
    for x in seq:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


# --------------------------------------------------------------------------
# Users
# --------------------------------------------------------------------------

def make_user(rng, src):
    first = rng.choice(src.user_firsts)
    last = rng.choice(src.user_lasts)
    fmt = rng.choices(
        ["fl", "f.l", "fl_full", "lf", "f_l", "fl2", "first", "firstl"],
        weights=[30, 15, 10, 8, 7, 15, 8, 7],
    )[0]
    login = {
        "fl": first[0] + last,
        "f.l": f"{first}.{last}",
        "fl_full": first + last,
        "lf": last + first[0],
        "f_l": f"{first}_{last}",
        "fl2": f"{first[0]}{last}{rng.randint(1, 99)}",
        "first": first,
        "firstl": first + last[0],
    }[fmt][:32]
    return {"login": login, "first": first, "last": last,
            "full": f"{first.capitalize()} {last.capitalize()}"}


# --------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------

def year(rng):
    return rng.randint(FIRST_YEAR, CURRENT_YEAR)


def digits(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def random_date(rng):
    start = datetime.date(FIRST_YEAR, 1, 1).toordinal()
    end = datetime.date(CURRENT_YEAR, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def apply_case(word, mode):
    if mode == "lower":
        return word.lower()
    if mode == "cap":
        return word[:1].upper() + word[1:].lower()
    if mode == "upper":
        return word.upper()
    if mode == "invcap":          # hashcat 'C': pASSWORD
        return word[:1].lower() + word[1:].upper()
    raise ValueError(mode)


# --------------------------------------------------------------------------
# Weak categories
# --------------------------------------------------------------------------

def gen_leaked(rng, src, user):
    # Half from zxcvbn's top 10,000 leaked passwords, half from john's list.
    if rng.random() < 0.5:
        return rng.choice(src.zx_passwords)
    return rng.choice(src.john)


def leet_one(rng, w):
    pos = [i for i, c in enumerate(w) if c.lower() in LEET]
    if not pos:
        return None
    i = rng.choice(pos)
    return w[:i] + rng.choice(LEET[w[i].lower()]) + w[i + 1:]


def leet_all(rng, w):
    letters = sorted({c.lower() for c in w if c.lower() in LEET})
    if not letters:
        return None
    k = rng.randint(1, len(letters))
    chosen = {c: rng.choice(LEET[c]) for c in rng.sample(letters, k)}
    return "".join(chosen.get(c.lower(), c) for c in w)


def suffix(rng, kinds, weights):
    kind = rng.choices(kinds, weights=weights)[0]
    if kind == "none":
        return ""
    if kind == "year":
        return str(year(rng))
    if kind == "d1":
        return digits(rng, 1)
    if kind == "d2":
        return digits(rng, 2)
    if kind == "d3":
        return digits(rng, 3)
    if kind == "sym":
        return rng.choice(SYMBOLS)
    if kind == "year_sym":
        return str(year(rng)) + rng.choice(SYMBOLS)
    if kind == "d_sym":
        return digits(rng, rng.randint(1, 2)) + rng.choice(SYMBOLS)
    if kind == "d123":
        return rng.choice(["1", "12", "123", "1234"])
    raise ValueError(kind)


def gen_mangled(rng, src, user):
    base = rng.choice(src.mangle_bases)
    w = base
    # word-level rule: r (reverse), d (duplicate), leet one position / all
    t = rng.choices(["none", "reverse", "dup", "leet1", "leetall"],
                    weights=[35, 10, 12, 20, 23])[0]
    if t == "reverse":
        w = w[::-1]
    elif t == "dup":
        w = w + w
    elif t == "leet1":
        w = leet_one(rng, w) or w
    elif t == "leetall":
        w = leet_all(rng, w) or w
    # case rule: c, u, C, T<n>
    c = rng.choices(["lower", "cap", "upper", "invcap", "toggle1"],
                    weights=[30, 45, 10, 7, 8])[0]
    if c == "toggle1":
        i = rng.randrange(len(w))
        w = w[:i] + w[i].swapcase() + w[i + 1:]
    else:
        w = apply_case(w, c)
    # append or (rarely) prepend rule, never both
    if rng.random() < 0.06:
        w = rng.choice("0123456789" + SYMBOLS) + w
    else:
        w += suffix(rng, ["none", "year", "d1", "d2", "d3", "sym", "year_sym", "d_sym", "d123"],
                    [12, 22, 14, 12, 6, 10, 10, 6, 8])
    if w == base:
        w += digits(rng, 1)
    return w


DATE_FORMATS = [
    # (name, weight, formatter)
    ("YYYY", 25, lambda d: f"{d.year}"),
    ("YY", 10, lambda d: f"{d.year % 100:02d}"),
    ("DDMMYYYY", 12, lambda d: f"{d.day:02d}{d.month:02d}{d.year}"),
    ("MMDDYYYY", 12, lambda d: f"{d.month:02d}{d.day:02d}{d.year}"),
    ("DDMMYY", 7, lambda d: f"{d.day:02d}{d.month:02d}{d.year % 100:02d}"),
    ("MMDDYY", 6, lambda d: f"{d.month:02d}{d.day:02d}{d.year % 100:02d}"),
    ("DD/MM/YYYY", 5, lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"),
    ("MM/DD/YYYY", 5, lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}"),
    ("DD-MM-YYYY", 3, lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}"),
    ("DD.MM.YYYY", 3, lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}"),
    ("MMDD", 6, lambda d: f"{d.month:02d}{d.day:02d}"),
    ("DDMM", 6, lambda d: f"{d.day:02d}{d.month:02d}"),
]


def gen_names_dates(rng, src, user):
    name = rng.choice(src.firsts) if rng.random() < 0.65 else rng.choice(src.surnames)
    name = apply_case(name, rng.choices(["lower", "cap", "upper"], weights=[45, 45, 10])[0])
    fmt = rng.choices(DATE_FORMATS, weights=[f[1] for f in DATE_FORMATS])[0]
    date = fmt[2](random_date(rng))
    if rng.random() < 0.06:
        return date + name
    pw = name + date
    if fmt[0] in ("YYYY", "YY") and rng.random() < 0.2:
        pw += rng.choice(SYMBOLS)
    return pw


# Keyboards, rows aligned so that the same index is the same key column
# ("1qaz", "2wsx" on qwerty).  Each row: (unshifted, shifted or None).
KEYBOARDS = {
    "qwerty": [("1234567890-=", "!@#$%^&*()_+"),
               ("qwertyuiop[]", "QWERTYUIOP{}"),
               ("asdfghjkl;'", 'ASDFGHJKL:"'),
               ("zxcvbnm,./", "ZXCVBNM<>?")],
    "qwertz": [("1234567890", None),
               ("qwertzuiop", None),
               ("asdfghjkl", None),
               ("yxcvbnm,.-", None)],
    "azerty": [("1234567890", None),
               ("azertyuiop", None),
               ("qsdfghjklm", None),
               ("wxcvbn,;:!", None)],
    "dvorak": [("1234567890[]", "!@#$%^&*(){}"),
               ("',.pyfgcrl/=", '"<>PYFGCRL?+'),
               ("aoeuidhtns-", "AOEUIDHTNS_"),
               (";qjkxbmwvz", ":QJKXBMWVZ")],
    "keypad": [("789", None), ("456", None), ("123", None), ("0", None)],
}
# Moves on the staggered grid: along a row, down/up a key column, and the
# other diagonal (w->a, a->w->3).  The keypad also gets both true diagonals.
MOVES = {"E": (0, 1), "W": (0, -1), "S": (1, 0), "N": (-1, 0), "SW": (1, -1), "NE": (-1, 1)}
KEYPAD_MOVES = dict(MOVES, SE=(1, 1), NW=(-1, -1))
OPPOSITE = {"E": "W", "W": "E", "S": "N", "N": "S", "SW": "NE", "NE": "SW", "SE": "NW", "NW": "SE"}


def key_at(kb, r, c):
    rows = KEYBOARDS[kb]
    if 0 <= r < len(rows) and 0 <= c < len(rows[r][0]):
        return (r, c)
    return None


def render(kb, keys, mode):
    """mode: none | shift (whole key shifted) | caps (letters upper only)"""
    rows = KEYBOARDS[kb]
    out = []
    for r, c in keys:
        ch = rows[r][0][c]
        if mode == "shift" and rows[r][1] is not None:
            ch = rows[r][1][c]
        elif mode in ("shift", "caps"):
            ch = ch.upper()
        out.append(ch)
    return "".join(out)


def walk_with_turns(rng, kb):
    """A walk that keeps a direction for 2-6 keys, then turns (0-2 turns)."""
    moves = KEYPAD_MOVES if kb == "keypad" else MOVES
    rows = KEYBOARDS[kb]
    for _ in range(200):
        r = rng.randrange(len(rows))
        c = rng.randrange(len(rows[r][0]))
        keys = [(r, c)]
        turns = rng.choices([0, 1, 2], weights=[45, 40, 15])[0]
        last = None
        for _seg in range(turns + 1):
            dirs = [d for d in moves if d != last and (last is None or d != OPPOSITE[last])]
            d = rng.choice(dirs)
            for _step in range(rng.randint(2, 6)):
                nxt = key_at(kb, keys[-1][0] + moves[d][0], keys[-1][1] + moves[d][1])
                if nxt is None:
                    break
                keys.append(nxt)
            last = d
        if len(keys) >= 4:
            return keys
    return None


def column_walks(rng, kb):
    """1qaz2wsx3edc, zaq12wsx, 1qazxsw2: consecutive key columns, down or up."""
    rows = KEYBOARDS[kb]
    height = rng.choice([3, 4]) if len(rows) >= 4 else 3
    ncols = rng.choice([2, 2, 3, 3, 4])
    width = min(len(r[0]) for r in rows[:height])
    start = rng.randrange(0, max(1, width - ncols + 1))
    step = rng.choice([1, 1, 1, -1])
    if step == -1:
        start = start + ncols - 1
    zigzag = rng.random() < 0.25
    up_first = rng.random() < 0.2
    segs = []
    for k in range(ncols):
        col = start + k * step
        col_keys = [(r, col) for r in range(height) if key_at(kb, r, col)]
        up = up_first ^ (zigzag and k % 2 == 1)
        segs.append(col_keys[::-1] if up else col_keys)
    return segs


def row_blocks(rng, kb):
    """qwerasdf, 1234qwer, qweasdzxc: the same span on consecutive rows."""
    rows = KEYBOARDS[kb]
    n = rng.choice([2, 2, 3])
    top = rng.randrange(0, len(rows) - n + 1)
    length = rng.choice([3, 4, 4, 5, 6])
    width = min(len(rows[r][0]) for r in range(top, top + n))
    length = min(length, width)
    start = rng.randrange(0, width - length + 1)
    return [[(r, start + i) for i in range(length)] for r in range(top, top + n)]


def gen_keyboard(rng, src, user):
    kb = rng.choices(list(KEYBOARDS), weights=[70, 8, 7, 6, 9])[0]
    shape = rng.choices(["walk", "columns", "rows"], weights=[45, 35, 20])[0]
    if kb == "keypad" and shape == "columns":
        shape = "walk"
    if shape == "walk":
        segs = [walk_with_turns(rng, kb)]
    elif shape == "columns":
        segs = column_walks(rng, kb)
    else:
        segs = row_blocks(rng, kb)
    # Shift patterns: none, all segments, or alternate segments (1QAZ2wsx#EDC).
    base_mode = rng.choices(["none", "shift", "caps"], weights=[60, 25, 15])[0]
    pattern = rng.choices(["same", "alt_first", "alt_second"], weights=[50, 30, 20])[0]
    parts = []
    for i, seg in enumerate(segs):
        mode = base_mode
        if pattern == "alt_first" and i % 2 == 1:
            mode = "none"
        elif pattern == "alt_second" and i % 2 == 0:
            mode = "none"
        parts.append(render(kb, seg, mode))
    pw = "".join(parts)
    if rng.random() < 0.12:
        pw = pw[::-1]
    if rng.random() < 0.25:          # qwerty123, asdfgh1!, qazwsx2020
        pw += suffix(rng, ["d123", "d1", "d2", "sym", "year"], [40, 20, 15, 15, 10])
    if len(pw) < 6:
        pw += rng.choice(["123", "1234", "12345", "!@#"])
    return pw


def gen_word_combo(rng, src, user):
    if rng.random() < 0.65:
        # two words from the top 5,000: 2.5e7 pairs x 223 decorations < 1e10
        ws = [rng.choice(src.common5k) for _ in range(2)]
        deco = rng.choices(["plain", "capeach", "capfirst", "dig", "capeach_dig"],
                           weights=[40, 20, 10, 15, 15])[0]
        if deco in ("capeach", "capeach_dig"):
            ws = [w.capitalize() for w in ws]
        pw = "".join(ws)
        if deco == "capfirst":
            pw = pw.capitalize()
        if deco.endswith("dig"):
            pw += digits(rng, rng.randint(1, 2))
        return pw
    # three words from the top 1,200: 1.7e9 triples x 2 (plain / capitalised)
    ws = [rng.choice(src.common5k[:1200]) for _ in range(3)]
    if rng.random() < 0.3:
        ws = [w.capitalize() for w in ws]
    return "".join(ws)


def alpha_run(rng, n):
    letters = "abcdefghijklmnopqrstuvwxyz"
    if rng.random() < 0.25:
        letters = letters[::-1]
    start = rng.randrange(0, 26 - n + 1)
    return letters[start:start + n]


def digit_run(rng, n):
    ds = "0123456789" if rng.random() < 0.75 else "9876543210"
    start = rng.randrange(0, 10 - n + 1)
    return ds[start:start + n]


def gen_sequence(rng, src, user):
    kind = rng.choices(["alpha", "digits", "repchar", "repchunk", "interleave", "mixed", "step"],
                       weights=[18, 14, 16, 20, 8, 16, 8])[0]
    if kind == "alpha":
        pw = alpha_run(rng, rng.randint(5, 10))
        if rng.random() < 0.5:
            pw += rng.choice(["1", "12", "123", "1234", "!"])
        if rng.random() < 0.2:
            pw = pw.capitalize()
    elif kind == "digits":
        pw = digit_run(rng, rng.randint(6, 10))
        if rng.random() < 0.3:
            pw += rng.choice(["a", "abc", "!", "q"])
    elif kind == "repchar":
        ch = rng.choice("abcdefghijklmnopqrstuvwxyz0123456789!*")
        pw = ch * rng.randint(6, 12)
        if rng.random() < 0.5:
            pw += rng.choice(["1", "12", "123", "!", "2", "0"])
    elif kind == "repchunk":
        r = rng.random()
        if r < 0.4:
            chunk = alpha_run(rng, rng.randint(2, 4))
        elif r < 0.7:
            chunk = digit_run(rng, rng.randint(2, 4))
        else:
            chunk = rng.choice([w for w in src.zx_passwords[:500] if 3 <= len(w) <= 5])
        pw = chunk * rng.randint(2, 4)
        if len(pw) < 6:
            pw = chunk * 3
    elif kind == "interleave":
        n = rng.randint(3, 5)
        a, d = alpha_run(rng, n), digit_run(rng, n)
        if rng.random() < 0.7:
            pw = "".join(x + y for x, y in zip(a, d))      # a1b2c3
        else:
            pw = "".join(y + x for x, y in zip(a, d))      # 1a2b3c
    elif kind == "mixed":
        a = alpha_run(rng, rng.randint(3, 6))
        d = digit_run(rng, rng.randint(3, 6))
        pw = a + d if rng.random() < 0.7 else d + a
    else:  # step sequences: 13579, 2468, acegik
        if rng.random() < 0.5:
            s = rng.choice([1, 2])
            pw = "".join(str(x) for x in range(s, 10, 2))
            pw = pw + pw[::-1] if rng.random() < 0.3 else pw + rng.choice(["0", "10", "11", "13"])
        else:
            s = rng.randrange(0, 8)
            pw = "".join(chr(97 + x) for x in range(s, min(26, s + 2 * rng.randint(4, 7)), 2))
            pw += rng.choice(["", "1", "123"])
    if len(pw) < 6:
        pw += "123"
    return pw


def gen_user_context(rng, src, user):
    f, l, login = user["first"], user["last"], user["login"]
    base = rng.choices(
        ["login", "first", "last", "firstlast", "lastfirst", "initlast", "firstinit"],
        weights=[22, 18, 14, 20, 6, 12, 8])[0]
    parts = {
        "login": [login],
        "first": [f],
        "last": [l],
        "firstlast": [f, l],
        "lastfirst": [l, f],
        "initlast": [f[0], l],
        "firstinit": [f, l[0]],
    }[base]
    case = rng.choices(["lower", "cap", "camel", "upper"], weights=[35, 25, 30, 10])[0]
    if case == "camel":
        word = "".join(p.capitalize() for p in parts)
    else:
        word = apply_case("".join(parts), case)
    if rng.random() < 0.15:
        word = word[::-1]
    if rng.random() < 0.1:
        word = leet_all(rng, word) or word
    word += suffix(rng, ["none", "year", "d1", "d2", "d3", "sym", "year_sym", "d_sym", "d123"],
                   [5, 30, 8, 10, 6, 8, 18, 8, 7])
    if len(word) < 6:
        word += str(year(rng))
    return word


# --------------------------------------------------------------------------
# Strong categories
# --------------------------------------------------------------------------

def gen_random_lower(rng, src, user):
    # half a-z only (>= 26^10 = 1.4e14), half a-z0-9 (>= 36^10 = 3.7e15)
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    if rng.random() < 0.5:
        alphabet += "0123456789"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(10, 14)))


def gen_random_words(rng, src, user):
    while True:
        pw = "".join(rng.choice(src.en100k) for _ in range(rng.choice([3, 4])))
        if len(pw) >= 12:      # keeps brute force over a-z above 26^12
            return pw


def gen_random_printable(rng, src, user):
    return "".join(rng.choice(PRINTABLE) for _ in range(rng.randint(9, 12)))


def gen_passphrase(rng, src, user):
    sep = rng.choice(["-", ".", "_", " ", "+"])
    if rng.random() < 0.5:
        ws = [rng.choice(src.en100k) for _ in range(3)]   # 1e15
    else:
        ws = [rng.choice(src.en20k) for _ in range(4)]    # 1.6e17
    return sep.join(ws)


WEAK = [
    ("leaked", gen_leaked),
    ("mangled", gen_mangled),
    ("names_dates", gen_names_dates),
    ("keyboard", gen_keyboard),
    ("word_combo", gen_word_combo),
    ("sequence", gen_sequence),
    ("user_context", gen_user_context),
]
STRONG = [
    ("random_lower", gen_random_lower),
    ("random_words", gen_random_words),
    ("random_printable", gen_random_printable),
    ("passphrase", gen_passphrase),
]


def build(src, weak_n=WEAK_PER_CATEGORY, strong_n=STRONG_PER_CATEGORY):
    rng = random.Random(SEED)
    user_rng = random.Random(SEED + 1)
    rows = []
    seen = set()
    plan = [(c, g, "weak", weak_n) for c, g in WEAK] + \
           [(c, g, "strong", strong_n) for c, g in STRONG]
    for cat, gen, label, n in plan:
        made = 0
        attempts = 0
        while made < n:
            attempts += 1
            if attempts > n * 200:
                sys.exit(f"gen_eval: category {cat} cannot produce {n} distinct passwords")
            user = make_user(user_rng, src)
            pw = gen(rng, src, user)
            ok_chars = GRAPHIC.fullmatch(pw) or (cat == "passphrase" and
                                                  re.fullmatch(r"[\x20-\x7e]+", pw))
            if not pw or not ok_chars or pw in seen:
                continue
            if cat != "leaked" and len(pw) < MIN_GENERATED_LEN:
                continue
            seen.add(pw)
            rows.append((user["login"], user["full"], pw, label, cat))
            made += 1
    rng.shuffle(rows)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("outdir", nargs="?", default=os.path.join(here, "out"),
                    help="output directory (default: bench/out)")
    args = ap.parse_args()
    os.makedirs(args.outdir, exist_ok=True)
    rows = build(Sources())
    path = os.path.join(args.outdir, "eval.tsv")
    data = "".join("\t".join(r) + "\n" for r in rows)
    with open(path, "w", encoding="ascii", newline="\n") as f:
        f.write(data)
    counts = {}
    for r in rows:
        counts[(r[3], r[4])] = counts.get((r[3], r[4]), 0) + 1
    nweak = sum(v for (l, _), v in counts.items() if l == "weak")
    nstrong = sum(v for (l, _), v in counts.items() if l == "strong")
    sha = hashlib.sha256(data.encode()).hexdigest()
    print(f"gen_eval: wrote {path}: {len(rows)} rows ({nweak} weak, {nstrong} strong), "
          f"sha256 {sha[:16]}", file=sys.stderr)


if __name__ == "__main__":
    main()
