# pwguard: build, test, benchmark and install.
#
#   make            release build: .build/release/pwguard (CLI), pam_pwguard.so
#                   (PAM module), libpwguard.so and libpwguard.a (C library)
#   make demo       install Debian build dependencies, build, check sample passwords
#   make test       every test (debug build), after `all` and `deb`
#   make bench      benchmarks side by side with zxcvbn, pwquality, passwdqc, john
#   make install    install what `make` built (never builds), stripped; DESTDIR/PREFIX honoured
#   make uninstall  remove it (out of the PAM stack first; PURGE=1 also removes the configuration)
#   make deb        Debian packages in .build/deb (debhelper; lintian must find no error)
#   make lexicon    recompile wordlists/*.txt into the embedded lexicon
#   make keyboard-tables  regenerate the keyboard layouts' tables

PREFIX  ?= /usr/local
DESTDIR ?=
SWIFT   ?= swift
RELEASE := .build/release

# Debian packages needed to build and test: the one list, installed by
# `deps` before every build (so `make demo` and `make test` work on a new
# machine) and checked against debian/control's Build-Depends by a test.
DEB_PACKAGES := build-essential pkg-config libpam0g-dev libssl-dev libcrypt-dev python3 groff-base \
	libpam-wrapper pamtester libpamtest0-dev passwd login util-linux whois apache2-utils \
	libargon2-dev libaprutil1-dev argon2 valgrind binutils \
	debhelper dpkg-dev lintian fakeroot mmdebstrap
# Extra packages for `make bench` (the anchors it measures against). None of
# them may change the running system: pam_pwquality's module is unpacked
# into bench/bin by `bench-deps`, never installed (its package would switch
# the host's live /etc/pam.d/common-password to it).
BENCH_PACKAGES = $(shell cat bench/packages.txt 2>/dev/null)
PWQUALITY_DIR := bench/bin/libpam-pwquality

# The benchmark's Python packages (bench/requirements.txt), when missing.
PIP_BENCH_INSTALL = python3 -c 'import zxcvbn, wordfreq' 2>/dev/null || python3 -m pip install -q -r bench/requirements.txt \
	|| python3 -m pip install -q --break-system-packages -r bench/requirements.txt

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Installs the Debian packages named in $(1) that are missing.
APT_INSTALL = missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ -n "$(SUDO)" ] && ! command -v sudo >/dev/null; then \
			echo "make: these Debian packages are missing and neither root nor sudo can install them:" $$missing >&2; exit 1; \
		fi; \
		echo "make: installing Debian packages:" $$missing; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

.PHONY: all toolchain cli lib pam-order keyboard-tables demo test bench bench-strength bench-families bench-breach bench-pam bench-audit bench-audit-scan bench-rotate install clean deps bench-deps lexicon

# Every product links the Swift runtime statically: the CLI starts faster,
# and the PAM module and C library run where no Swift toolchain is
# installed. One set of flags for every release `swift build`, or each
# would rebuild the others' objects. The flags are for the code the PAM
# module links, and harmless elsewhere: one section per function, so that
# --gc-sections drops what a password check never calls (the database
# builders, the lexicon compiler) and the module stays small; concrete type
# metadata through accessor functions rather than mangled names, so that a
# check does not run the runtime's demangler to find it (0.4 M instructions
# of a PAM password change). They live here, not in Package.swift, because
# SwiftPM refuses a versioned dependency on a target with unsafe flags.
MODULE_SWIFTFLAGS := -Xswiftc -Xfrontend -Xswiftc -function-sections \
	-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors
SWIFT_BUILD := $(SWIFT) build -c release --static-swift-stdlib $(MODULE_SWIFTFLAGS)
CC          ?= cc
# The toolchain as the compiler itself reports it (its resource directory
# is <toolchain>/usr/lib/swift), so a `swift` reached through a symlink or
# a version-manager shim still finds the real clang, lld and static runtime.
# The oldest toolchain that builds pwguard is Swift 6.1 (Package.swift).
SWIFT_RESOURCES := $(shell $(SWIFT) -print-target-info 2>/dev/null | sed -n 's/^ *"runtimeResourcePath": "\(.*\)".*/\1/p')
TOOLCHAIN_BIN := $(if $(SWIFT_RESOURCES),$(realpath $(SWIFT_RESOURCES)/../../bin)/)
SWIFT_STATIC  := $(if $(SWIFT_RESOURCES),$(realpath $(SWIFT_RESOURCES)/../swift_static)/linux)
ARCH          := $(shell uname -m)
MULTIARCH     := $(shell dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || $(CC) -print-multiarch)

all: cli lib

# A clear message instead of a failed compile when no toolchain is found.
toolchain:
	@[ -n "$(SWIFT_RESOURCES)" ] && [ -d "$(SWIFT_STATIC)" ] || { \
		echo "make: no Swift toolchain with a static runtime found ('$(SWIFT) -print-target-info' failed" \
			"or $(SWIFT_STATIC) is missing); pwguard needs Swift 6.1 or newer on the PATH, or SWIFT=/path/to/swift" >&2; exit 1; }

cli: toolchain
	$(SWIFT_BUILD) --product pwguard

# The C interface (Sources/PwguardCABI, header Sources/CPwguard/pwguard.h)
# is built by SwiftPM as one archive; the shared objects are linked here,
# each with its own version script, carrying what they need: the Swift
# runtime and libstdc++ linked in statically, every symbol but the
# interface hidden. A PAM host then loads no libswift*, no libstdc++ and no
# libcrypto: the relocations of those libraries alone would cost a login
# more than checking its password. lld with --gc-sections, identical code
# folding and packed relocations keeps the module under 8 MB.
CABI_ARCHIVE := $(RELEASE)/libPwguardCABI.a
CABI_OBJECT  := $(RELEASE)/PwguardCABI.build/PwguardCABI.swift.o
AUTOLINK     := $(RELEASE)/pwguard-cabi.autolink
SWIFT_LIBS    = $$(sort -u $(AUTOLINK) | sed -n 's|^-l\(swift.*\)|$(SWIFT_STATIC)/lib\1.a|p')
LIBSTDCXX    := $(shell $(CC) -print-file-name=libstdc++.a)
LINK_SHARED   = $(TOOLCHAIN_BIN)clang -shared -fuse-ld=lld -static-libgcc \
	-Wl,-z,now,-z,nodelete,-z,defs,-z,pack-relative-relocs,--gc-sections,--icf=all,--exclude-libs,ALL \
	$(SWIFT_STATIC)/$(ARCH)/swiftrt.o
# libm's functions, defined in the module and forwarded to libm on first
# call (pam/libm_on_demand.c): the runtime refers to ~50, pwguard calls
# none, and a host then never loads libm for them.
LIBM_ON_DEMAND := $(RELEASE)/libm_on_demand.o
SHIM_CFLAGS := -std=c11 -O2 -fPIC -Wall -Wextra -Werror -D_FORTIFY_SOURCE=2 -fstack-protector-strong -ISources/CPwguard

lib: toolchain
	$(SWIFT_BUILD) --product PwguardCABI
	$(TOOLCHAIN_BIN)swift-autolink-extract $(CABI_OBJECT) $(CABI_ARCHIVE) -o $(AUTOLINK)
	$(CC) $(SHIM_CFLAGS) -c pam/pam_pwguard.c -o $(RELEASE)/pam_pwguard.o
	$(CC) $(SHIM_CFLAGS) -fno-builtin -c pam/libm_on_demand.c -o $(LIBM_ON_DEMAND)
	$(LINK_SHARED) -o $(RELEASE)/pam_pwguard.so \
		-Wl,--start-group $(RELEASE)/pam_pwguard.o $(LIBM_ON_DEMAND) $(CABI_ARCHIVE) $(SWIFT_LIBS) -Wl,--end-group \
		$(LIBSTDCXX) -lpam -ldl -lpthread -Wl,--version-script=pam/pam_pwguard.map \
		-Wl,--symbol-ordering-file=pam/pam_pwguard.order
	$(LINK_SHARED) -o $(RELEASE)/libpwguard.so.1 -Wl,-soname=libpwguard.so.1 \
		-Wl,--start-group $(CABI_OBJECT) $(LIBM_ON_DEMAND) $(CABI_ARCHIVE) $(SWIFT_LIBS) -Wl,--end-group \
		$(LIBSTDCXX) -ldl -lpthread -Wl,--version-script=pam/libpwguard.map
	ln -sf libpwguard.so.1 $(RELEASE)/libpwguard.so
	@# The static library is one relocatable object holding the library and
	@# the parts of the Swift runtime it uses, every symbol but the API made
	@# local: a C program links it with plain `cc`, no Swift toolchain.
	$(TOOLCHAIN_BIN)ld.lld -r -o $(RELEASE)/pwguard-static.o $(SWIFT_STATIC)/$(ARCH)/swiftrt.o \
		--start-group $(CABI_OBJECT) $(LIBM_ON_DEMAND) $(CABI_ARCHIVE) $(SWIFT_LIBS) --end-group
	objcopy --strip-debug $$(sed -n 's/^ *\(pwguard_[a-z0-9_]*\);/--keep-global-symbol=\1/p' pam/libpwguard.map) \
		$(RELEASE)/pwguard-static.o
	rm -f $(RELEASE)/libpwguard.a && ar rcs $(RELEASE)/libpwguard.a $(RELEASE)/pwguard-static.o

deps:
	@$(call APT_INSTALL,$(DEB_PACKAGES))

# The anchors, and pam_pwquality's module unpacked (apt-get download plus
# dpkg-deb -x) where only bench/pam/run looks for it.
bench-deps: deps
	@$(call APT_INSTALL,$(BENCH_PACKAGES))
	@ls $(PWQUALITY_DIR)/*/$(MULTIARCH)/security/pam_pwquality.so >/dev/null 2>&1 || { \
		rm -rf $(PWQUALITY_DIR) && mkdir -p $(PWQUALITY_DIR) && \
		cd $(PWQUALITY_DIR) && apt-get download -q libpam-pwquality 2>&1 | grep -v unsandboxed; \
		dpkg-deb -x libpam-pwquality_*.deb . ; }

demo: deps all
	@echo "pwguard check, default policy (NIST SP 800-63B: >= 8 characters, >= 10^10 guesses):"
	@while IFS= read -r p; do \
		printf '  %-28s ' "$$p"; \
		printf '%s\n' "$$p" | $(RELEASE)/pwguard check; \
	done < examples/sample-passwords.txt; true

# `all` and `deb`: the tests install and run everything `make install` and
# the Debian packages ship (DebianPackageTests installs the packages into a
# throw-away root; `swift test` holds .build's lock, so it cannot build them).
test: deps all deb
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

bench: deps bench-deps all bench-strength bench-families bench-breach bench-pam bench-audit-scan bench-audit bench-rotate

# Strength: accuracy and speed against zxcvbn, pwquality and passwdqc.
bench-strength: deps bench-deps all
	$(PIP_BENCH_INSTALL)
	PWGUARD=$(RELEASE)/pwguard bench/run

# Strength on attack families (bench/gen_families.py): the tuning split is
# for modelling choices; this reports on the other split only, pwguard beside
# zxcvbn-c on the same passwords, with the calibration plot
# (bench/out/families.md, bench/out/families.svg).
bench-families: deps bench-deps cli
	$(PIP_BENCH_INSTALL)
	mkdir -p bench/out bench/bin
	cc -O2 -Wall -o bench/bin/zxcvbn_c_driver bench/zxcvbn_c_driver.c -lzxcvbn -lm
	python3 bench/gen_families.py --split reporting > bench/out/families-reporting.tsv
	python3 bench/eval_families.py $(RELEASE)/pwguard bench/out/families-reporting.tsv \
		--zxcvbn-c bench/bin/zxcvbn_c_driver --md bench/out/families.md --svg bench/out/families.svg

# Breach list: size, build rate and lookup latency on 100 million generated
# entries, against a binary search over the sorted text (needs ~6 GB of disk).
bench-breach: all
	$(SWIFT) build -c release --product breach-bench
	$(RELEASE)/breach-bench --pwguard $(RELEASE)/pwguard --out bench/out/breach

# Credential audit: guessing rate and accounts found in a time budget,
# side by side with John the Ripper 1.9.0 on the same generated shadow files
# (about 30 minutes; AUDIT_BUDGET=seconds shortens part (b)).
bench-audit: deps bench-deps all
	$(PIP_BENCH_INSTALL)
	PWGUARD=$(RELEASE)/pwguard bench/audit/run

# Audit without guessing: every non-guessing finding of a generated
# 100,000-account shadow file (target: <= 2 s). Exit status 1 = findings.
bench-audit-scan: cli
	mkdir -p bench/out/audit-scan
	python3 bench/audit-scan/gen_shadow.py 100000 bench/out/audit-scan/shadow bench/out/audit-scan/passwd
	hyperfine --warmup 1 --runs 10 -i \
		'$(RELEASE)/pwguard audit --max-guesses 0 --json bench/out/audit-scan/shadow > /dev/null' \
		'$(RELEASE)/pwguard audit --max-guesses 0 bench/out/audit-scan/shadow > /dev/null'

# Rotation: `pwguard rotate --profile cis --apply` on a generated
# 100,000-account shadow file (target <= 2 s), and a one-account change
# side by side with `chage --root` (bench/README.md, "Rotation").
bench-rotate: bench-deps all
	bench/rotate/run $(RELEASE)/pwguard 100000

# PAM: a full `pamtester chauthtok` with pam_pwguard (and a breach
# database) against the same run with pam_pwquality; module size and the
# host's added peak memory.
bench-pam: deps bench-deps all
	bench/pam/run

# Regenerates pam/pam_pwguard.order (the functions a password check runs,
# placed together by the linker); needs valgrind. See pam/make-order.
pam-order: lib
	pam/make-order
	$(MAKE) lib

# Regenerates Sources/PasswordPolicy/Estimator/Matchers/KeyboardTables.swift
# from the layouts described in KeyboardLayouts.swift (KeyboardTablesTests
# checks the two agree): the tables are data, not work for every process.
keyboard-tables:
	$(SWIFT) build --build-tests
	PWGUARD_WRITE_KEYBOARD_TABLES=$(CURDIR)/Sources/PasswordPolicy/Estimator/Matchers/KeyboardTables.swift \
		$(SWIFT) test --skip-build --disable-swift-testing --filter KeyboardTablesTests

lexicon:
	$(SWIFT_BUILD) --product lexicon-compiler
	$(RELEASE)/lexicon-compiler wordlists Sources/CLexiconData/lexicon.bin
	touch Sources/CLexiconData/lexicon.c

SYSCONFDIR ?= /etc
LOCALSTATEDIR ?= /var

LIBDIR     ?= $(PREFIX)/lib/$(MULTIARCH)
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
# libpam loads modules from the system's directory whatever the prefix.
PAMDIR     ?= /usr/lib/$(MULTIARCH)/security
PAMCONFIGDIR ?= /usr/share/pam-configs
# libpam reads its stacks here, whatever the prefix or SYSCONFDIR.
PAMCONFDIR := /etc/pam.d
# Where the breach database is kept (docs/breach-db.md, pwguard.conf(5)).
STATEDIR   := $(LOCALSTATEDIR)/lib/pwguard
CONFFILE   := $(SYSCONFDIR)/security/pwguard.conf
STRIP      ?= strip
LDCONFIG   ?= ldconfig

# What `make` builds and `make install` copies. Installing builds nothing:
# it only checks that these are there.
BUILT_PRODUCTS := $(RELEASE)/pwguard $(RELEASE)/pam_pwguard.so $(RELEASE)/libpwguard.so.1 $(RELEASE)/libpwguard.a
# What `make install` puts in place and `make uninstall` removes, the
# configuration and the breach database's directory apart.
INSTALLED_FILES := $(PREFIX)/bin/pwguard $(PAMDIR)/pam_pwguard.so \
	$(LIBDIR)/libpwguard.so.1 $(LIBDIR)/libpwguard.so $(LIBDIR)/libpwguard.a \
	$(INCLUDEDIR)/pwguard.h $(LIBDIR)/pkgconfig/pwguard.pc $(PAMCONFIGDIR)/pwguard \
	$(MANDIR)/man1/pwguard.1 $(MANDIR)/man5/pwguard.conf.5 $(MANDIR)/man8/pam_pwguard.8

.PHONY: uninstall deb

# Copies the release build into place, stripped (the build keeps its debug
# information: 12 MB of PAM module against 7.6 MB installed).
# DESTDIR stages the files (packages); without it the dynamic linker's
# cache is refreshed for the new library.
install:
	@missing=; for product in $(BUILT_PRODUCTS); do [ -e $$product ] || missing="$$missing $$product"; done; \
	if [ -n "$$missing" ]; then \
		echo "make install: not built:$$missing" >&2; \
		echo "make install: run \`make\` first (install only copies what it built)" >&2; exit 1; \
	fi
	install -D -m 0755 $(RELEASE)/pwguard $(DESTDIR)$(PREFIX)/bin/pwguard
	$(STRIP) --strip-unneeded $(DESTDIR)$(PREFIX)/bin/pwguard
	install -D -m 0644 $(RELEASE)/pam_pwguard.so $(DESTDIR)$(PAMDIR)/pam_pwguard.so
	$(STRIP) --strip-unneeded $(DESTDIR)$(PAMDIR)/pam_pwguard.so
	install -D -m 0644 $(RELEASE)/libpwguard.so.1 $(DESTDIR)$(LIBDIR)/libpwguard.so.1
	$(STRIP) --strip-unneeded $(DESTDIR)$(LIBDIR)/libpwguard.so.1
	ln -sf libpwguard.so.1 $(DESTDIR)$(LIBDIR)/libpwguard.so
	@# The archive's object keeps its symbol table (the linker needs it);
	@# only debug information goes.
	install -D -m 0644 $(RELEASE)/libpwguard.a $(DESTDIR)$(LIBDIR)/libpwguard.a
	$(STRIP) --strip-debug --enable-deterministic-archives $(DESTDIR)$(LIBDIR)/libpwguard.a
	install -D -m 0644 Sources/CPwguard/pwguard.h $(DESTDIR)$(INCLUDEDIR)/pwguard.h
	install -d -m 0755 $(DESTDIR)$(LIBDIR)/pkgconfig
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e "s|@VERSION@|$$(sed -n 's/.*version = \"\(.*\)\"/\1/p' Sources/PasswordPolicy/Release.swift)|" \
		pam/pwguard.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/pwguard.pc
	install -D -m 0644 pam/pwguard.pam-config $(DESTDIR)$(PAMCONFIGDIR)/pwguard
	install -D -m 0644 docs/pwguard.1 $(DESTDIR)$(MANDIR)/man1/pwguard.1
	install -D -m 0644 docs/pwguard.conf.5 $(DESTDIR)$(MANDIR)/man5/pwguard.conf.5
	install -D -m 0644 docs/pam_pwguard.8 $(DESTDIR)$(MANDIR)/man8/pam_pwguard.8
	install -d -m 0755 $(DESTDIR)$(SYSCONFDIR)/security/pwguard.conf.d
	install -d -m 0755 $(DESTDIR)$(STATEDIR)
	@# An existing configuration is the admin's: never overwrite it.
	[ -e $(DESTDIR)$(CONFFILE) ] || install -m 0644 docs/pwguard.conf $(DESTDIR)$(CONFFILE)
	[ -n "$(DESTDIR)" ] || $(LDCONFIG)

# Reverses `make install`. The module leaves the PAM stack first: a stack
# naming a module that is gone fails every password change. A profile that
# pam-auth-update enabled is removed through it; a stack that still names
# the module after that (edited by hand, or a DESTDIR whose stack is not
# this system's to rewrite) stops the uninstall before anything is removed.
# The configuration is the admin's, as dpkg keeps conffiles: PURGE=1
# removes it too. A breach database in $(STATEDIR) is always kept.
uninstall:
	@if [ -z "$(DESTDIR)" ] && [ -e $(PAMCONFIGDIR)/pwguard ] && command -v pam-auth-update >/dev/null \
		&& grep -qs '^[^#]*pam_pwguard\.so' $(PAMCONFDIR)/common-*; then \
		echo "pam-auth-update --package --remove pwguard"; \
		pam-auth-update --package --remove pwguard || exit 1; \
	fi
	@stacks=$$(grep -ls '^[^#]*pam_pwguard\.so' $(DESTDIR)$(PAMCONFDIR)/* 2>/dev/null); \
	if [ -n "$$stacks" ]; then \
		echo "make uninstall: pam_pwguard.so is still used by" $$stacks >&2; \
		echo "make uninstall: take it out of those stacks first (pam-auth-update --disable pwguard, or by hand); nothing was removed" >&2; \
		exit 1; \
	fi
	rm -f $(addprefix $(DESTDIR),$(INSTALLED_FILES))
	@if [ -n "$(PURGE)" ]; then echo "rm -f $(DESTDIR)$(CONFFILE)"; rm -f $(DESTDIR)$(CONFFILE); \
	elif [ -e $(DESTDIR)$(CONFFILE) ]; then echo "make uninstall: kept $(DESTDIR)$(CONFFILE) (PURGE=1 removes it)"; fi
	@# Directories only when empty: what an admin put there stays.
	rmdir $(DESTDIR)$(SYSCONFDIR)/security/pwguard.conf.d $(DESTDIR)$(STATEDIR) 2>/dev/null || true
	[ -n "$(DESTDIR)" ] || $(LDCONFIG)

# Debian packages (debian/): dpkg-buildpackage runs debian/rules, which
# runs `make` and `make install DESTDIR=debian/tmp PREFIX=/usr`. The .debs,
# .buildinfo and .changes are collected in $(DEB_DIR) (debian/rules names it
# too), never in the parent directory; lintian fails the target on an error.
DEB_DIR     := .build/deb
DEB_VERSION  = $(shell dpkg-parsechangelog -SVersion)
DEB_ARCH     = $(shell dpkg-architecture -qDEB_HOST_ARCH)
DEB_CHANGES  = $(CURDIR)/$(DEB_DIR)/pwguard_$(DEB_VERSION)_$(DEB_ARCH).changes

deb: deps
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	dpkg-buildpackage -b -us -uc \
		--buildinfo-option=-u$(CURDIR)/$(DEB_DIR) --buildinfo-file=$(DEB_CHANGES:.changes=.buildinfo) \
		--changes-option=-u$(CURDIR)/$(DEB_DIR) --changes-file=$(DEB_CHANGES)
	lintian --fail-on error $(DEB_CHANGES)

clean:
	rm -rf .build bench/out bench/bin
