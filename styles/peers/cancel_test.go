package peers

import (
	"testing"

	"github.com/addbench/addbench/styles/stylestest"
)

// TestCancel holds the peers to styles' cancellation test: a run cancelled
// just after it starts returns ctx.Err() in less than half the time the whole
// run is predicted to take from a hundredth of it, timed first. Every peer
// can be cancelled this way: none of the libraries stops a task midway, but
// each peer stops submitting tasks, and queued tasks skip their adds, once
// the context is done.
func TestCancel(t *testing.T) { stylestest.Cancel(t, All()) }

// TestCancelledBeforeStart: a context that is already done stops every peer
// before its first task.
func TestCancelledBeforeStart(t *testing.T) { stylestest.CancelledBeforeStart(t, All()) }
