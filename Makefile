# addbench: make test (what CI runs) and make bench (the default suite).
GO ?= go
# Fuzz budgets are counts, not durations: with a duration, go1.26's fuzz
# coordinator can fail a clean run with "context deadline exceeded" when the
# time runs out mid-input (golang/go#75804, fixed in go1.27). Each takes about
# 6 s here.
FUZZ_PARSE ?= 200000x
FUZZ_STYLES ?= 100000x

# make bench knobs: make bench SUITE=quick COUNT=6 CPU=1,2 THRESHOLD=5
SUITE ?= default
COUNT ?= 6
CPU ?= 1,2
THRESHOLD ?= 5
ADDBENCH := ./addbench

.PHONY: test vet unit race fuzz benchsmoke build bench baseline

test: vet unit race fuzz benchsmoke

vet:
	$(GO) vet ./...

# Without -race: includes preempt.racy and the plain-variable litmus tests,
# which race builds leave out.
unit:
	$(GO) test -count=1 ./...

race:
	$(GO) test -count=1 -race ./...

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZ_PARSE) ./workloads
	$(GO) test -run '^$$' -fuzz '^FuzzStylesAgree$$' -fuzztime $(FUZZ_STYLES) ./styles

# One iteration of every benchmark: each checks its result against the
# reference, so this proves the suite runs and is right, not how fast it is.
benchsmoke:
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./bench

build:
	$(GO) build -o addbench ./cmd/addbench

# Run the suite; chart it and write a report next to the run (against this
# machine's baseline when there is one); then the verdict: compare exits 1
# when a style regressed relative to sequential.loop.
bench: build
	@set -e; \
	run=$$($(ADDBENCH) bench -suite $(SUITE) -count $(COUNT) -cpu $(CPU)); \
	dir=$${run%.txt}; \
	base=results/baselines/$$($(ADDBENCH) machine).txt; \
	if [ -f "$$base" ]; then inputs="baseline=$$base run=$$run"; else inputs="$$run"; fi; \
	$(ADDBENCH) plot -o "$$dir" $$inputs; \
	$(ADDBENCH) report -normalize sequential.loop -threshold $(THRESHOLD) -o "$$dir" $$inputs; \
	if [ -f "$$base" ]; then \
		$(ADDBENCH) compare -normalize sequential.loop -threshold $(THRESHOLD) \
			"baseline=$$base" "run=$$run" > "$$dir/compare.txt" \
			&& status=0 || status=$$?; \
		tail -n 20 "$$dir/compare.txt"; \
		echo "full comparison: $$dir/compare.txt"; \
		exit $$status; \
	else \
		echo "no baseline for this machine yet ($$base): make baseline promotes this run"; \
	fi

# Promote the newest complete run to this machine's baseline, with its charts
# and report beside it.
baseline: build
	@set -e; \
	$(ADDBENCH) baseline; \
	name=$$($(ADDBENCH) machine); \
	$(ADDBENCH) plot -force -o results/baselines/$$name results/baselines/$$name.txt; \
	$(ADDBENCH) report -force -o results/baselines/$$name results/baselines/$$name.txt
