# PeerPlan: `make demo` and `make test` are the two commands (see README.md).
SHELL := /bin/bash
SYSTEM_PACKAGES := libical-dev libsqlite3-dev tzdata pkg-config
SWIFT ?= swift
DEMO_DB := .peerplan/demo.sqlite
PEERPLAN := .build/debug/peerplan
DEMO_PORT ?= 8080
SWIFT_TEST_FLAGS := -Xswiftc -warnings-as-errors
BROWSER_PACKAGES := chromium chromium-driver
BROWSER_VENV := .build/browser-venv
BROWSER_REQUIREMENTS := Tests/Browser/requirements.txt
BROWSER_PYTHON ?=

.PHONY: demo demo-accounts serve test browser-test browser-run build release bench-build fuzz fuzz-build crash-check system-packages browser-packages clean

# Installs the missing Debian packages among $(1) as root; otherwise prints the exact command and stops.
define apt-install
missing=""; \
for p in $(1); do \
  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
done; \
if [ -n "$$missing" ]; then \
  if [ "$$(id -u)" = "0" ]; then \
    echo "Installing system packages:$$missing"; \
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing; \
  else \
    echo "PeerPlan needs these system packages:$$missing"; \
    echo "Install them with:  sudo apt-get update && sudo apt-get install -y$$missing"; \
    exit 1; \
  fi; \
fi
endef

system-packages:
	@$(call apt-install,$(SYSTEM_PACKAGES))

# The browser tests' set-up (not make demo's): Debian's chromium and chromium-driver, and the
# Python packages of Tests/Browser/requirements.txt in a virtual environment of their own,
# made with the first Python of 3.12 or newer found (or BROWSER_PYTHON=/path/to/python3).
browser-packages: system-packages
	@$(call apt-install,$(BROWSER_PACKAGES))
	@$(MAKE) --no-print-directory -s $(BROWSER_VENV)/requirements.txt

$(BROWSER_VENV)/requirements.txt: $(BROWSER_REQUIREMENTS)
	@py="$(BROWSER_PYTHON)"; \
	if [ -z "$$py" ]; then \
	  for c in python3 python3.14 python3.13 python3.12 $$(ls -d "$${PYENV_ROOT:-$$HOME/.pyenv}"/versions/3.*/bin/python3 2>/dev/null | sort -V); do \
	    "$$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { py="$$c"; break; }; \
	  done; \
	fi; \
	if [ -z "$$py" ]; then \
	  echo "The browser tests need Python 3.12 or newer (axe-selenium-python 3.0.0 requires it) and none was found."; \
	  echo "Install one and run:  make test BROWSER_PYTHON=/path/to/python3.12"; \
	  exit 1; \
	fi; \
	echo "Installing the browser tests' Python packages into $(BROWSER_VENV) (with $$py)"; \
	rm -rf $(BROWSER_VENV) && "$$py" -m venv $(BROWSER_VENV) && \
	$(BROWSER_VENV)/bin/python -m pip install -q --disable-pip-version-check -r $(BROWSER_REQUIREMENTS) && \
	cp $(BROWSER_REQUIREMENTS) $@

build: system-packages
	$(SWIFT) build --product peerplan

release: system-packages
	$(SWIFT) build -c release --product peerplan

# The benchmarks (README, Performance): a separate executable, .build/release/peerplan-bench.
bench-build: system-packages
	$(SWIFT) build -c release --product peerplan-bench

# Fuzzing (README, "Fuzzing"): libFuzzer with AddressSanitizer on each target for FUZZ_SECONDS,
# from the committed seeds in Fuzz/corpus/TARGET (new inputs go to .build-fuzz/corpus/TARGET,
# findings to .build-fuzz/findings/). A finding stops the run; replay it with
# `swift run peerplan-fuzz TARGET FILE`, fix it, and commit the input to Fuzz/corpus/TARGET.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= csv periods ical placement
FUZZ_BUILD := .build-fuzz

fuzz-build: system-packages
	$(SWIFT) build --product peerplan-fuzz --scratch-path $(FUZZ_BUILD) \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING

fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/findings
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  echo "== fuzzing $$t for $(FUZZ_SECONDS) s"; \
	  PEERPLAN_FUZZ_TARGET=$$t $(FUZZ_BUILD)/debug/peerplan-fuzz $(FUZZ_BUILD)/corpus/$$t Fuzz/corpus/$$t \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_BUILD)/findings/$$t- || exit 1; \
	done

# Crash safety (README, "Crash safety and hostile input"): SIGKILL at seeded random moments of
# import, schedule --all-schools and export --all-schools on a generated district.
CRASH_SCHOOLS ?= 150
CRASH_KILLS ?= 30
crash-check: system-packages
	$(SWIFT) build -c release --product peerplan-bench
	$(SWIFT) build -c release --product peerplan
	.build/release/peerplan-bench crash --schools $(CRASH_SCHOOLS) --kills $(CRASH_KILLS) --config Config

# The main job on the Fixtures, with the embedded SQLite default.
demo: build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@mkdir -p .peerplan
	@echo "== Importing the Fixtures district (Fixtures/district, OneRoster 1.1) into $(DEMO_DB)"
	$(PEERPLAN) import Fixtures/district --db $(DEMO_DB) --config Config
	@echo
	@echo "== What the store holds"
	$(PEERPLAN) status --db $(DEMO_DB) --config Config
	@echo
	@echo "== Free periods per teacher at Cedar Middle (no ratings are shown)"
	$(PEERPLAN) teachers --school sch-mid --db $(DEMO_DB) --config Config
	@echo
	@echo "== Proposed pairs for every school (one line each), then Cedar Middle's with the reason for every teacher left unpaired"
	$(PEERPLAN) pairs propose --all-schools --db $(DEMO_DB) --config Config
	@echo
	$(PEERPLAN) pairs show --school sch-mid --db $(DEMO_DB) --config Config
	@echo
	@echo "== Accepting every school's proposal, forming its PLC teams and placing its week (one command each for the district)"
	$(PEERPLAN) pairs accept --all-schools --db $(DEMO_DB) --config Config
	$(PEERPLAN) plcs propose --all-schools --db $(DEMO_DB) --config Config
	$(PEERPLAN) schedule --all-schools --db $(DEMO_DB) --config Config
	@echo
	@echo "== The week at Cedar Middle (grid and what could not be placed)"
	$(PEERPLAN) schedule show --school sch-mid --db $(DEMO_DB) --config Config
	@echo
	@echo "== One week's changes: Keisha Williams is absent on Monday 14 September"
	$(PEERPLAN) week --school sch-mid --date 2026-09-14 --absent t-mid-02:2026-09-14 --db $(DEMO_DB) --config Config
	@echo
	@echo "== A micro-credential for Cedar Middle's pairs working on questioning (its checkpoints go into their calendars)"
	$(PEERPLAN) mc attach --credential mc-questioning --pairs --school sch-mid --start 2026-08-17 --db $(DEMO_DB) --config Config
	@echo
	@echo "== Calendars for Google, Outlook and Apple Calendar in out/calendars/ (the moved session is an override)"
	@rm -rf out/calendars
	$(PEERPLAN) export ics --all-schools --out out/calendars --db $(DEMO_DB) --config Config
	$(PEERPLAN) export check out/calendars/sch-mid/teachers/t-mid-02.ics
	@echo "To try one: Google Calendar → Settings → Import & export → Import → out/calendars/sch-mid/teachers/t-mid-02.ics;"
	@echo "Outlook → Add calendar → Upload from file; Apple Calendar → File → Import. Or subscribe: peerplan feeds issue --teacher t-mid-02"
	@echo
	@echo "== Costs: pairing against micro-credentials for the district (Cedar Middle is costed on the micro-credentials it attached)"
	$(PEERPLAN) costs --district --db $(DEMO_DB) --config Config
	@echo
	@echo "== The same comparison as one HTML page (charts, sources, every line's formula), to open in a browser or print"
	$(PEERPLAN) costs --district --format html --out out/costs.html --db $(DEMO_DB) --config Config
	@echo
	@$(MAKE) --no-print-directory demo-accounts

# Web app accounts for the demo database only: the passwords are fixed and published in README.md.
demo-accounts:
	@echo "== Web app accounts (demo database only: these passwords are published, never use them elsewhere)"
	@printf '%s' 'district-demo-2026' | $(PEERPLAN) users add --email district.office@riverbend.k12.example --role district --password-stdin --db $(DEMO_DB) --config Config
	@printf '%s' 'principal-demo-2026' | $(PEERPLAN) users add --email principal.cedar@riverbend.k12.example --role principal --school sch-mid --password-stdin --db $(DEMO_DB) --config Config
	@printf '%s' 'teacher-demo-2026' | $(PEERPLAN) users add --email keisha.williams@riverbend.k12.example --role teacher --teacher t-mid-02 --password-stdin --db $(DEMO_DB) --config Config
	@echo "Start the web app with \`make serve\`, open http://127.0.0.1:$(DEMO_PORT)/login and sign in as:"
	@echo "  district staff      district.office@riverbend.k12.example   district-demo-2026    → /district"
	@echo "  principal (Cedar)   principal.cedar@riverbend.k12.example   principal-demo-2026   → /schools/sch-mid"
	@echo "  teacher (Keisha)    keisha.williams@riverbend.k12.example   teacher-demo-2026     → /me"

# The web app on the demo database (made by `make demo` when missing), on http://127.0.0.1:$(DEMO_PORT).
serve: build
	@test -f $(DEMO_DB) || $(MAKE) --no-print-directory demo
	$(PEERPLAN) serve --db $(DEMO_DB) --config Config --port $(DEMO_PORT)

# The Swift tests, then the browser tests (Tests/Browser) on the peerplan they just built.
test: system-packages browser-packages
	$(SWIFT) build --build-tests $(SWIFT_TEST_FLAGS)
	$(SWIFT) test --skip-build
	@$(MAKE) --no-print-directory browser-run

# The browser tests alone: builds peerplan (with make test's flags, so nothing is rebuilt twice).
browser-test: system-packages browser-packages
	$(SWIFT) build --product peerplan $(SWIFT_TEST_FLAGS)
	@$(MAKE) --no-print-directory browser-run

# Headless Chromium against `peerplan serve` on a fresh demo store; screenshots in .build/screenshots/.
browser-run:
	@echo "== Browser tests (Tests/Browser): headless Chromium, axe-core, screenshots in .build/screenshots/"
	@PYTHONDONTWRITEBYTECODE=1 PEERPLAN_BIN="$(CURDIR)/$(PEERPLAN)" $(BROWSER_VENV)/bin/python -m pytest Tests/Browser

clean:
	rm -rf .build .peerplan
