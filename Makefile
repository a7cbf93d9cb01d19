# pwguard: build, test, benchmark and install.
#
#   make            release build; the CLI lands at .build/release/pwguard
#   make demo       install Debian build dependencies, build, check sample passwords
#   make test       every test (debug build)
#   make bench      benchmarks side by side with zxcvbn, pwquality, passwdqc, john
#   make install    DESTDIR/PREFIX honoured
#   make lexicon    recompile wordlists/*.txt into the embedded lexicon

PREFIX  ?= /usr/local
DESTDIR ?=
SWIFT   ?= swift
RELEASE := .build/release

# Debian packages needed to build and test (one list, used by `deps` and CI).
DEB_PACKAGES := build-essential pkg-config libpam0g-dev libssl-dev libcrypt-dev python3 groff-base \
	libpam-wrapper pamtester libpamtest0-dev passwd util-linux whois apache2-utils \
	libargon2-dev libaprutil1-dev argon2
# Extra packages for `make bench` (the anchors it measures against).
BENCH_PACKAGES = $(shell cat bench/packages.txt 2>/dev/null)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all demo test bench bench-strength bench-breach bench-audit bench-audit-scan install clean deps bench-deps lexicon

# The CLI links the Swift runtime statically: it starts faster and runs
# where no Swift toolchain is installed.
all:
	$(SWIFT) build -c release --static-swift-stdlib --product pwguard

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:" $$missing; \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

bench-deps:
	@missing=$$(for p in $(BENCH_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $$missing; \
	fi

# The demo prints each sample next to its verdict (sample data, so showing
# it is fine; pwguard itself never prints a password).
demo: deps all
	@echo "pwguard check, default policy (NIST SP 800-63B: >= 8 characters, >= 10^10 guesses):"
	@while IFS= read -r p; do \
		printf '  %-28s ' "$$p"; \
		printf '%s\n' "$$p" | $(RELEASE)/pwguard check; \
	done < examples/sample-passwords.txt; true

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: deps bench-deps all bench-strength bench-breach bench-audit-scan bench-audit

# Strength: accuracy and speed against zxcvbn, pwquality and passwdqc.
bench-strength: deps bench-deps all
	python3 -c 'import zxcvbn, wordfreq' 2>/dev/null || python3 -m pip install -q -r bench/requirements.txt \
		|| python3 -m pip install -q --break-system-packages -r bench/requirements.txt
	PWGUARD=$(RELEASE)/pwguard bench/run

# Breach list: size, build rate and lookup latency on 100 million generated
# entries, against a binary search over the sorted text (needs ~6 GB of disk).
bench-breach: all
	$(SWIFT) build -c release --product breach-bench
	$(RELEASE)/breach-bench --pwguard $(RELEASE)/pwguard --out bench/out/breach

# Credential audit: guessing rate and accounts found in a time budget,
# side by side with John the Ripper 1.9.0 on the same generated shadow files
# (about 30 minutes; AUDIT_BUDGET=seconds shortens part (b)).
bench-audit: deps bench-deps all
	python3 -c 'import zxcvbn, wordfreq' 2>/dev/null || python3 -m pip install -q -r bench/requirements.txt \
		|| python3 -m pip install -q --break-system-packages -r bench/requirements.txt
	PWGUARD=$(RELEASE)/pwguard bench/audit/run

# Audit without guessing: every non-guessing finding of a generated
# 100,000-account shadow file (target: <= 2 s). Exit status 1 = findings.
bench-audit-scan: all
	mkdir -p bench/out/audit-scan
	python3 bench/audit-scan/gen_shadow.py 100000 bench/out/audit-scan/shadow bench/out/audit-scan/passwd
	hyperfine --warmup 1 --runs 10 -i \
		'$(RELEASE)/pwguard audit --max-guesses 0 --json bench/out/audit-scan/shadow > /dev/null' \
		'$(RELEASE)/pwguard audit --max-guesses 0 bench/out/audit-scan/shadow > /dev/null'

lexicon:
	$(SWIFT) run -c release lexicon-compiler wordlists Sources/CLexiconData/lexicon.bin
	touch Sources/CLexiconData/lexicon.c

SYSCONFDIR ?= /etc

install: all
	install -D -m 0755 $(RELEASE)/pwguard $(DESTDIR)$(PREFIX)/bin/pwguard
	install -D -m 0644 docs/pwguard.1 $(DESTDIR)$(PREFIX)/share/man/man1/pwguard.1
	install -D -m 0644 docs/pwguard.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/pwguard.conf.5
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/security/pwguard.conf.d
	@# An existing configuration is the admin's: never overwrite it.
	[ -e $(DESTDIR)$(SYSCONFDIR)/security/pwguard.conf ] || \
		install -m 0644 docs/pwguard.conf $(DESTDIR)$(SYSCONFDIR)/security/pwguard.conf

clean:
	rm -rf .build bench/out bench/bin
