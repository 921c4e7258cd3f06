# addbench: make test (what CI runs), make bench (the default suite), make
# gate (this change against its base, on this machine), make benchmarks
# (BENCHMARKS.md from the committed baseline), make mutate (mutation testing).
GO ?= go
# Fuzz budgets are counts, not durations: with a duration, go1.26's fuzz
# coordinator can fail a clean run with "context deadline exceeded" when the
# time runs out mid-input (golang/go#75804, fixed in go1.27). Each takes about
# 6 s here.
FUZZ_PARSE ?= 200000x
FUZZ_STYLES ?= 100000x
FUZZ_PEERS ?= 20000x
# The loaders write a temporary file per input: fewer, slower executions.
FUZZ_LOAD ?= 20000x
# The peers module (styles/peers) has its own go.mod; every test target runs
# it too.
PEERS := cd styles/peers &&

# make bench knobs: make bench SUITE=quick PASSES=6 CPU=1,2. CPU empty (the
# default) is addbench bench's own: 1, 2, 4, ... up to the CPUs this process
# may use (affinity and cgroup quota), recorded as usable-cpus in the file.
SUITE ?= default
PASSES ?= 6
CPU ?=
ADDBENCH := ./addbench

# make cross: every package, test binary and the addbench command, vetted
# and compiled for each of these GOOS/GOARCH targets, for both modules. The
# compiled files go to CROSS_OUT and are thrown away.
CROSS_TARGETS ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64 freebsd/amd64 freebsd/arm64
CROSS_OUT ?= $(or $(TMPDIR),/tmp)/addbench-cross

# make gate knobs: make gate BASE=origin/main GATE_BUDGET=4m HISTORY=results/history
BASE ?= $(shell git merge-base HEAD origin/main 2>/dev/null || git rev-parse HEAD~1)
GATE_SUITE ?= quick
GATE_CPU ?= 1
GATE_BENCHTIME ?= 30ms
# Every style at the finest and a coarse quantum, on one program: 32
# benchmarks, about 13 blocks of eight 30 ms samples each in the budget.
GATE_BENCH ?= Add/style=/mode=shared/programs=1/len=65536/quantum=(1|4096)$$
GATE_BUDGET ?= 3m30s
GATE_MDE ?= 3
HISTORY ?=

.PHONY: test vet unit race fuzz benchsmoke browser build bench peers peers-benchmarks gate baseline benchmarks mutate cross qemu

test: vet unit race fuzz benchsmoke browser qemu actionlint

vet:
	$(GO) vet ./...
	$(PEERS) $(GO) vet ./...

# Without -race: includes preempt.racy and the plain-variable litmus tests,
# which race builds leave out.
unit:
	$(GO) test -count=1 ./...
	$(PEERS) $(GO) test -count=1 ./...

race:
	$(GO) test -count=1 -race ./...
	$(PEERS) $(GO) test -count=1 -race ./...

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZ_PARSE) ./workloads
	$(GO) test -run '^$$' -fuzz '^FuzzStylesAgree$$' -fuzztime $(FUZZ_STYLES) ./styles
	$(PEERS) $(GO) test -run '^$$' -fuzz '^FuzzPeersAgree$$' -fuzztime $(FUZZ_PEERS) .
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZ_LOAD) ./results
	$(GO) test -run '^$$' -fuzz '^FuzzLoad$$' -fuzztime $(FUZZ_LOAD) ./results/history

# One iteration of every benchmark: each checks its result against the
# reference, so this proves the suite runs and is right, not how fast it is.
benchsmoke:
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./bench
	$(PEERS) $(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./...

# The styles' and workloads' tests on linux/arm64, under qemu-user, with
# -short (about a minute on 2 cores). process.pipe re-executes its own
# arm64 test binary, so the kernel must run arm64 executables: binfmt_misc
# with qemu's aarch64 entry, which .ci/binfmt sets up (as root). Without it
# this fails with instructions; make test QEMU=off skips it, except under
# CI=true. Only on a linux/amd64 host: elsewhere it says so and passes
# (an arm64 host runs these tests natively in make unit).
QEMU ?= on
QEMU_PKGS ?= ./styles/... ./workloads
BINFMT := /proc/sys/fs/binfmt_misc/qemu-aarch64
qemu:
	@set -e; host=$$($(GO) env GOHOSTOS)/$$($(GO) env GOHOSTARCH); \
	if [ "$$host" != linux/amd64 ]; then echo "qemu: not on $$host: the arm64 run is for linux/amd64 hosts"; exit 0; fi; \
	if [ "$(QEMU)" = off ]; then \
		if [ "$$CI" = true ]; then echo "qemu: QEMU=off refused under CI=true" >&2; exit 1; fi; \
		echo "qemu: skipped (QEMU=off)"; exit 0; fi; \
	if ! head -n 1 $(BINFMT) 2>/dev/null | grep -qx enabled; then \
		echo "qemu: this machine cannot run linux/arm64 binaries: no enabled $(BINFMT)." >&2; \
		echo "qemu: as root, run .ci/binfmt (installs qemu-user-binfmt, registers aarch64), or skip with make test QEMU=off." >&2; \
		exit 1; fi; \
	echo "GOARCH=arm64 go test -short $(QEMU_PKGS) (qemu-user)"; \
	GOARCH=arm64 $(GO) test -count=1 -short $(QEMU_PKGS)

# The fleet's workflow, checked by actionlint (a tool pinned in go.mod).
actionlint:
	$(GO) tool actionlint

# The HTML pages in headless Chromium (Debian package chromium): they load
# from file:// with no console error and no request, charts visible, sorting
# and filtering work; screenshots go to SCREENSHOTS. Without chromium the
# tests skip, except under CI=true, where they fail.
SCREENSHOTS ?= $(or $(TMPDIR),/tmp)/addbench-dashboard
browser:
	$(GO) vet -tags browser ./results/dashboard
	$(GO) test -tags browser -count=1 -v -run '^TestBrowser' ./results/dashboard -screenshots $(SCREENSHOTS)

build:
	$(GO) build -o addbench ./cmd/addbench

# go vet type-checks every package with its test files for the target, go
# build compiles every package, and the addbench command is linked. With
# CROSS_TESTS=1 every test binary is linked too (go test -c), which takes
# several times as long. Nothing runs: make qemu runs tests on arm64.
CROSS_TESTS ?=
cross:
	@set -e; rm -rf $(CROSS_OUT); for t in $(CROSS_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; out=$(CROSS_OUT)/$$os-$$arch; \
		echo "cross: $$t"; \
		export GOOS=$$os GOARCH=$$arch; \
		$(GO) vet ./...; \
		$(GO) build ./...; \
		$(GO) build -o $$out/ ./cmd/addbench; \
		(cd styles/peers && $(GO) vet ./... && $(GO) build ./...); \
		if [ -n "$(CROSS_TESTS)" ]; then \
			$(GO) test -c -o $$out/ ./...; \
			(cd styles/peers && $(GO) test -c -o $$out/peers/ ./...); \
		fi; \
	done; rm -rf $(CROSS_OUT)

# Run the suite as shuffled passes, then report on it (the spectrum first,
# ratios paired within passes, the targets with their intervals; report
# draws every chart it shows) and check the targets. No
# comparison with a baseline recorded at another time: on a shared machine
# that measures the machine's drift (see README, "Regressions"); make gate
# compares builds.
bench: build
	@set -e; \
	run=$$($(ADDBENCH) bench -suite $(SUITE) -passes $(PASSES) $(if $(CPU),-cpu $(CPU))); \
	dir=$${run%.txt}; \
	$(ADDBENCH) report -html -o "$$dir" "$$run"; \
	$(ADDBENCH) targets "$$run" || true; \
	echo "report: $$dir/report.md, $$dir/index.html"

# Peers beside our styles: passes of the peers module's benchmarks (every
# style of ours, every peer, every primitive) into one results file, with
# charts and a report.
peers: build
	@set -e; \
	run=$$($(ADDBENCH) bench -peers -suite quick -passes $(PASSES) $(if $(CPU),-cpu $(CPU))); \
	dir=$${run%.txt}; \
	$(ADDBENCH) plot -o "$$dir" "$$run"; \
	$(ADDBENCH) report -o "$$dir" "$$run"; \
	echo "report: $$dir/report.md"

# styles/peers/BENCHMARKS.md, generated: passes of the peers module's
# benchmarks (the quick suite) kept as styles/peers/BENCHMARKS.txt, charted
# into styles/peers/benchmarks/, and the report written by addbench report.
PEERS_OUT := styles/peers
peers-benchmarks: build
	@set -e; \
	$(ADDBENCH) bench -peers -suite quick -passes $(PASSES) $(if $(CPU),-cpu $(CPU)) -force -o $(PEERS_OUT)/BENCHMARKS.txt >/dev/null; \
	$(ADDBENCH) plot -force -o $(PEERS_OUT)/benchmarks $(PEERS_OUT)/BENCHMARKS.txt; \
	$(ADDBENCH) report -force -o $(PEERS_OUT)/benchmarks -md $(PEERS_OUT)/BENCHMARKS.md $(PEERS_OUT)/BENCHMARKS.txt

# This working tree against BASE (the merge base with origin/main, else
# HEAD~1), in ABBA blocks in one session: exit 1 on a regression, and only
# then. At most 5 minutes on a 2-core VM (two builds, then the budget).
gate: build
	$(ADDBENCH) ab -base $(BASE) -suite $(GATE_SUITE) -cpu $(GATE_CPU) -bench '$(GATE_BENCH)' \
		-benchtime $(GATE_BENCHTIME) -budget $(GATE_BUDGET) -mde $(GATE_MDE) \
		$(if $(HISTORY),-history $(HISTORY))

# Promote the newest complete run to this machine's baseline and draw its
# charts, report and page beside it: reference data for charts and
# BENCHMARKS.md, never a gate. Only the run (results/baselines/*.txt) is
# committed; what is drawn from it is not (.gitignore).
baseline: build
	@set -e; \
	$(ADDBENCH) baseline -force; \
	name=$$($(ADDBENCH) machine); \
	$(call draw_baseline,results/baselines/$$name.txt)

# BENCHMARKS.md: the measured tables, generated from this machine's committed
# baseline (make baseline first), with its charts; and the charts, report.md
# and index.html of every committed baseline, in results/baselines/<machine>/.
# BENCHMARKS.md's chart links point there: they are drawn here, not committed.
# The scale section of BENCHMARKS.md is written from the committed scale run
# (results/scale/), not from the baseline: make benchmarks keeps it as it is.
SCALE_HEADING := \#\# Scale: memory and time per concurrent program

benchmarks: build
	@set -e; \
	for run in results/baselines/*.txt; do $(call draw_baseline,$$run); done; \
	name=$$($(ADDBENCH) machine); \
	sed -n '/^$(SCALE_HEADING)/,$$p' BENCHMARKS.md >BENCHMARKS.scale.tmp; \
	$(ADDBENCH) report -force -o results/baselines/$$name -md BENCHMARKS.md results/baselines/$$name.txt; \
	{ head -n 1 BENCHMARKS.md; \
	  printf '\n%s\n' "$(BENCHMARKS_NOTE)"; \
	  tail -n +2 BENCHMARKS.md; \
	  if [ -s BENCHMARKS.scale.tmp ]; then echo; cat BENCHMARKS.scale.tmp; fi; } >BENCHMARKS.md.tmp; \
	rm -f BENCHMARKS.scale.tmp; \
	mv BENCHMARKS.md.tmp BENCHMARKS.md

# draw_baseline,RUN: the charts, report.md and index.html of the run RUN in
# the directory of its name without .txt.
draw_baseline = run="$1"; dir=$${run%.txt}; \
	$(ADDBENCH) plot -force -o "$$dir" "$$run" >/dev/null; \
	$(ADDBENCH) report -force -html -o "$$dir" "$$run" >/dev/null; \
	echo "drew $$dir/"

BENCHMARKS_NOTE = Generated by \`make benchmarks\` from this machine's committed baseline. The charts below are not committed: \`make benchmarks\` draws them into \`results/baselines/<machine>/\`, from the committed run \`results/baselines/<machine>.txt\`.

# Mutation testing of the packages whose tests decide what users are told.
# Not part of make test: it takes a long time.
GREMLINS ?= $(shell $(GO) env GOPATH)/bin/gremlins
# gremlins mutates a copy of the module, one mutant at a time, and reruns the
# tests of the mutated package; its score is "efficacy", killed ÷ (killed +
# lived). GOFLAGS=-count=1 because gremlins times every mutant against its
# first, coverage run of the tests, and a cached run (a few ms) would time
# every mutant out; -short runs the styles' conformance table at GOMAXPROCS 4
# only (half its time), so the score is if anything an underestimate. The
# dashboard is tested in a browser, not here; texttab is x/perf's, vendored.
# A path takes its subpackages too: results/history runs on its own, so that
# docs/mutation.md can give its score. cmd/addbench's -short tests build no
# bench binary (those that do skip). gremlins v0.6.0 names a mutant's package
# by the directory whose name ends in the package's: for package main it
# tests the module root, which has no package — "setup failed", counted as
# killed. GREMLINS_GO, a go on PATH for that run only, tests cmd/addbench
# instead. About 1.5 h on 2 cores for results and styles, 3 h for cmd/addbench.
MUTATE = GOFLAGS='-count=1 -short' $(GREMLINS) unleash --workers 1
GREMLINS_GO = printf '\#!/bin/sh\nfor a; do shift; [ "$$a" = github.com/addbench/addbench ] && a=github.com/addbench/addbench/cmd/addbench; set -- "$$@" "$$a"; done\nexec %s "$$@"\n' "$$(command -v $(GO))"
mutate:
	@test -x $(GREMLINS) || $(GO) install github.com/go-gremlins/gremlins/cmd/gremlins@v0.6.0
	$(MUTATE) --timeout-coefficient 10 --exclude-files 'dashboard/' --exclude-files 'internal/texttab/' --exclude-files 'history/' ./results
	$(MUTATE) --timeout-coefficient 10 ./results/history
	$(MUTATE) --timeout-coefficient 3 --exclude-files 'peers/' ./styles
	$(MUTATE) --timeout-coefficient 10 ./internal/benchrun
	bin=$$(mktemp -d) && $(GREMLINS_GO) > $$bin/go && chmod +x $$bin/go && \
	PATH=$$bin:$$PATH $(MUTATE) --timeout-coefficient 10 ./cmd/addbench; rc=$$?; rm -r $$bin; exit $$rc
