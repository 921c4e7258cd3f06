package process

import (
	"fmt"
	"strconv"
	"strings"
)

// FaultEnv is the environment variable that makes workers misbehave on
// purpose. It is for tests only: they set it (t.Setenv) to a [Fault]'s String,
// the workers inherit it, and only a process in worker mode reads it, so it
// changes nothing in a parent or in a build that never starts workers.
const FaultEnv = "ADDBENCH_PROCESS_FAULT"

// A FaultKind is a way for a worker to misbehave.
type FaultKind string

// The faults a worker can be told to commit, each in place of one reply.
const (
	Crash    FaultKind = "crash"    // panic: exit status 2, a stack on stderr, buffered replies lost
	Exit     FaultKind = "exit"     // flush the replies so far and exit 0, as if done early
	Garbage  FaultKind = "garbage"  // write bytes that are not a reply frame, then carry on
	Miscount FaultKind = "miscount" // reply with a count one more than the request's
	Extra    FaultKind = "extra"    // send the reply twice
	Hang     FaultKind = "hang"     // flush, then stop reading and replying without exiting
)

var faultKinds = []FaultKind{Crash, Exit, Garbage, Miscount, Extra, Hang}

// A Fault tells workers to misbehave, for tests: worker Worker (every worker if
// Worker is -1) sends After correct replies and then commits Kind.
type Fault struct {
	Kind   FaultKind
	Worker int
	After  int
}

// String returns f in the form FaultEnv holds and [ParseFault] reads:
// "kind:worker:after", e.g. "garbage:1:3".
func (f Fault) String() string {
	return fmt.Sprintf("%s:%d:%d", f.Kind, f.Worker, f.After)
}

// ParseFault parses the form String writes.
func ParseFault(s string) (Fault, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return Fault{}, fmt.Errorf("parsing fault %q: want kind:worker:after", s)
	}
	f := Fault{Kind: FaultKind(parts[0])}
	known := false
	for _, k := range faultKinds {
		known = known || f.Kind == k
	}
	if !known {
		return Fault{}, fmt.Errorf("parsing fault %q: unknown kind %q; valid kinds: %v", s, parts[0], faultKinds)
	}
	var err error
	if f.Worker, err = strconv.Atoi(parts[1]); err != nil || f.Worker < -1 {
		return Fault{}, fmt.Errorf("parsing fault %q: worker %q is not an index or -1", s, parts[1])
	}
	if f.After, err = strconv.Atoi(parts[2]); err != nil || f.After < 0 {
		return Fault{}, fmt.Errorf("parsing fault %q: after %q is not a count", s, parts[2])
	}
	return f, nil
}

// appliesTo reports whether f is meant for worker id.
func (f Fault) appliesTo(id int) bool { return f.Kind != "" && (f.Worker == -1 || f.Worker == id) }
