# addbench: make test (what CI runs) and make bench (the default suite).
GO ?= go
FUZZTIME ?= 10s

.PHONY: test vet unit race fuzz benchsmoke build bench

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
	$(GO) test -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME) ./workloads
	$(GO) test -run '^$$' -fuzz '^FuzzStylesAgree$$' -fuzztime $(FUZZTIME) ./styles

# One iteration of every benchmark: each checks its result against the
# reference, so this proves the suite runs and is right, not how fast it is.
benchsmoke:
	$(GO) test -count=1 -run '^$$' -bench . -benchtime 1x ./bench

build:
	$(GO) build -o addbench ./cmd/addbench
