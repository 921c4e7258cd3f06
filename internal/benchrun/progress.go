package benchrun

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// A progress reports a benchmark run on stderr: results done of total, time
// elapsed and an estimate of the time left. On a terminal it redraws one
// line; elsewhere (CI logs, make) it prints a line every 5 % or 30 s.
type progress struct {
	w         io.Writer
	tty       bool
	pass      string // "pass 2/6", shown before the count
	total     int
	start     time.Time
	lastPrint time.Time
	lastShare int
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// NewProgress returns a Session's Progress function that reports on w —
// redrawing one line on a terminal — and a function to call when the
// session ends. It serialises its writes with w's other writers through
// the returned Writer (give it to the session as Stderr).
func NewProgress(w io.Writer) (report func(Status), finish func(), shared io.Writer) {
	lw := &lockedWriter{w: w}
	now := time.Now()
	p := &progress{w: lw, tty: isTerminal(w), start: now, lastPrint: now}
	return func(st Status) {
		p.pass, p.total = st.Stage, st.Total
		p.update(st.Done, st.Line)
	}, p.finish, lw
}

func (p *progress) update(done int, line string) {
	now := time.Now()
	elapsed := now.Sub(p.start)
	left := "?"
	if done > 0 && done <= p.total && p.total > 0 {
		left = "~" + fmtDuration(time.Duration(float64(elapsed)/float64(done)*float64(p.total-done)))
	}
	name, _, _ := strings.Cut(line, "\t")
	count := fmt.Sprintf("[%d/%d]", done, p.total)
	if p.total < done {
		count = fmt.Sprintf("[%d]", done) // the total is not known yet
	}
	msg := fmt.Sprintf("%s %s %s elapsed, %s left  %s", p.pass, count, fmtDuration(elapsed), left, strings.TrimSpace(name))
	if p.tty {
		const width = 120
		if len(msg) > width {
			msg = msg[:width]
		}
		fmt.Fprintf(p.w, "\r\033[K%s", msg)
		return
	}
	share := 20 * done / max(p.total, 1) // in steps of 5 %
	if share > p.lastShare || now.Sub(p.lastPrint) >= 30*time.Second || done == p.total {
		fmt.Fprintln(p.w, msg)
		p.lastShare, p.lastPrint = share, now
	}
}

func (p *progress) finish() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// A lockedWriter serialises writes from several goroutines: the progress and
// the test binary's stderr.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}

func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	return fmt.Sprintf("%d:%02d", int(d.Minutes()), int(d.Seconds())%60)
}
