# Thin front door over CMake. `make demo` and `make check` are the README's Quick start.
# On a bare Debian 12 without make, the Quick start's first line installs make first.
BUILD_DIR ?= build
ASAN_DIR  ?= build-asan
JOBS      ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
PREFIX    ?= /usr/local
DESTDIR   ?=

# Debian packages: what building needs, and what the test suite needs on top.
# (cmocka too: `make demo` configures the same build folder, unit tests included.)
BUILD_PKGS := cmake gcc make pkg-config libcurl4-openssl-dev libjansson-dev libproj-dev \
              proj-data libsqlite3-dev ca-certificates libcmocka-dev libxlsxwriter-dev \
              libzip-dev libexpat1-dev gettext \
              libjs-leaflet libjs-leaflet.markercluster
TEST_PKGS  := libcmocka-dev python3 curl libxml2-utils gpsbabel python3-icalendar chromium parallel \
              python3-shapely libjs-leaflet libjs-leaflet.markercluster clang libclang-rt-14-dev valgrind radicale tzdata \
              libreoffice-calc-nogui clang-format locales

# Installs the packages named in $(1) that are missing (through sudo when not root).
define ensure_pkgs
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "saha: installing missing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null \
	  || { echo "saha: could not install:$$missing" >&2; exit 1; }; \
	fi
endef

.PHONY: all deps deps-test build demo check check-locale test install uninstall bench fuzz check-valgrind clean

all: build

deps:
	$(call ensure_pkgs,$(BUILD_PKGS))

deps-test: deps
	$(call ensure_pkgs,$(TEST_PKGS))

# The demo's build is the test suite's plain build (same flags), so `make check` after
# `make demo` only builds what is new.
build: deps
	cmake -S . -B $(BUILD_DIR) -DSAHA_WERROR=ON $(CMAKE_ARGS)
	cmake --build $(BUILD_DIR) -j $(JOBS)

demo: build
	./$(BUILD_DIR)/saha demo

# The whole suite, twice: a -Werror build, then AddressSanitizer + UBSan; the last line
# counts both runs ("check: N passed, N failed").
check: deps-test
	bash tests/check.sh $(BUILD_DIR) $(ASAN_DIR) $(JOBS) $(CMAKE_ARGS)

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

# saha, libsaha, its headers and the sample maps under $(DESTDIR)$(PREFIX):
# bin/saha, lib/, include/, share/saha/maps (where `saha demo` finds them).
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD_DIR) --prefix $(PREFIX)

uninstall:
	@test -f $(BUILD_DIR)/install_manifest.txt || { echo "nothing installed from $(BUILD_DIR)" >&2; exit 1; }
	xargs rm -f < $(BUILD_DIR)/install_manifest.txt

bench: build
	bash tests/bench/run.sh $(BENCH_ARGS)

# Every libFuzzer harness for FUZZ_SECONDS each (clang build in build-fuzz/); prints the
# executions, corpus size and crashes per harness.
FUZZ_SECONDS ?= 60
fuzz: deps-test
	sh tests/fuzz/all.sh $(FUZZ_SECONDS)

# The CLI and golden tests under a Turkish locale (decimal comma, dotless i; messages
# English so the checks still read them): numbers and case folding are locale-proof.
TEST_LOCALE ?= tr_TR.UTF-8
check-locale: deps-test build
	cd $(BUILD_DIR) && SAHA_TEST_LOCALE=$(TEST_LOCALE) ctest --output-on-failure -j $(JOBS) -L 'cli|golden'

# CLI tests (plan, geocode with the fixture server, territory, matrix, odd inputs) with
# saha under valgrind: no memory errors and no definite leaks. VALGRIND_TESTS to choose.
check-valgrind: deps-test build
	bash tests/valgrind/run.sh $(BUILD_DIR) $(VALGRIND_TESTS)

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR) out
