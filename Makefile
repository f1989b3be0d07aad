# PeerPlan: `make demo` and `make test` are the two commands (see README.md).
SHELL := /bin/bash
SYSTEM_PACKAGES := libical-dev libsqlite3-dev tzdata pkg-config
SWIFT ?= swift
DEMO_DB := .peerplan/demo.sqlite
PEERPLAN := .build/debug/peerplan
DEMO_PORT ?= 8080

.PHONY: demo demo-accounts serve test build release bench-build system-packages clean

# Installs missing Debian packages as root; otherwise prints the exact command and stops.
system-packages:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do \
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

build: system-packages
	$(SWIFT) build --product peerplan

release: system-packages
	$(SWIFT) build -c release --product peerplan

# The benchmarks (README, Performance): a separate executable, .build/release/peerplan-bench.
bench-build: system-packages
	$(SWIFT) build -c release --product peerplan-bench

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
	@echo "== Proposed pairs, school by school, with the reason for every teacher left unpaired"
	@for school in sch-elm sch-mid sch-high; do \
	  $(PEERPLAN) pairs propose --school $$school --db $(DEMO_DB) --config Config || exit 1; echo; \
	done
	@echo "== Accepting the proposals, forming PLC teams and placing each school's week"
	@for school in sch-elm sch-mid sch-high; do \
	  $(PEERPLAN) pairs accept --school $$school --db $(DEMO_DB) --config Config > /dev/null || exit 1; \
	  $(PEERPLAN) plcs propose --school $$school --db $(DEMO_DB) --config Config || exit 1; \
	  $(PEERPLAN) schedule --school $$school --db $(DEMO_DB) --config Config || exit 1; echo; \
	done
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
	@for school in sch-elm sch-mid sch-high; do \
	  $(PEERPLAN) export ics --school $$school --out out/calendars --db $(DEMO_DB) --config Config || exit 1; \
	done
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

test: system-packages
	$(SWIFT) build --build-tests -Xswiftc -warnings-as-errors
	$(SWIFT) test --skip-build

clean:
	rm -rf .build .peerplan
