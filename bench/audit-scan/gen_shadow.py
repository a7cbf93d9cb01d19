#!/usr/bin/env python3
"""Writes a synthetic shadow file (and matching passwd file) with N accounts
for `make bench-audit-scan`: a mix of schemes, locked and empty entries,
system accounts, shared {SHA}-free hashes and assorted ageing fields.

The hashes are well-formed but random (no password behind them): the scan
measures parsing, classification and every non-guessing finding.

usage: gen_shadow.py N SHADOW PASSWD
"""
import random
import sys

ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def chars(rng, n):
    return "".join(rng.choice(ALPHABET) for _ in range(n))


def random_hash(rng):
    kind = rng.random()
    if kind < 0.55:
        return "$y$j9T$" + chars(rng, 22) + "$" + chars(rng, 43)
    if kind < 0.80:
        return "$6$" + chars(rng, 16) + "$" + chars(rng, 86)
    if kind < 0.88:
        return "$6$rounds=1000$" + chars(rng, 16) + "$" + chars(rng, 86)
    if kind < 0.93:
        return "$2b$10$" + chars(rng, 53)
    if kind < 0.97:
        return "$1$" + chars(rng, 8) + "$" + chars(rng, 22)
    return chars(rng, 13)


def main():
    count, shadow_path, passwd_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(5)
    today = 20_000
    with open(shadow_path, "w") as shadow, open(passwd_path, "w") as passwd:
        for index in range(count):
            login = f"user{index:06d}"
            roll = rng.random()
            if roll < 0.05:
                field = "*"
            elif roll < 0.07:
                field = "!" + random_hash(rng)
            elif roll < 0.075:
                field = ""
            else:
                field = random_hash(rng)
            last = rng.choice([today - rng.randrange(0, 2000), 0, "", today + 30])
            maximum = rng.choice(["", 99999, 90, 365])
            shadow.write(f"{login}:{field}:{last}:0:{maximum}:7:::\n")
            passwd.write(f"{login}:x:{10000 + index}:100:User {index},,,:/home/{login}:/bin/bash\n")


if __name__ == "__main__":
    main()
