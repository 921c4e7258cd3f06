package dashboard_test

import (
	"bytes"
	"strings"
	"testing"
)

// TestHistoryPageMachines: the page of two machines' histories has the
// machines side by side, a column per machine, the one disagreement marked
// and listed with both ratios; the page of one machine's has none.
func TestHistoryPageMachines(t *testing.T) {
	page, _ := historyPageOf(t, histMachinesDir)
	section, ok := textBetween(page, `<section id="hist-machines">`, `</section>`)
	if !ok {
		t.Fatal("no machines section")
	}
	if !bytes.Contains(page, []byte(`<a href="#hist-machines">Machines</a>`)) {
		t.Error("the contents do not link the machines section")
	}
	for _, want := range []string{
		`<span class="sub">linux-amd64-2cpu-amd-epyc</span>`, `<span class="sub">linux-amd64-2cpu-intel-xeon-processor</span>`,
		`<h3 id="hist-disagreements">Where the machines disagree (1)</h3>`,
		`<td class="nowrap">a002 → b002</td>`, `1.01×<br><span class="ival">[0.990, 1.03]</span>`, `1.20×<br><span class="ival">[1.15, 1.25]</span>`,
		`<span class="sub">agree on 2 A/Bs</span>`, `<span class="sub">one machine only</span>`,
	} {
		if !strings.Contains(section, want) {
			t.Errorf("machines section lacks %s", want)
		}
	}
	// The row and its line in the disagreements, both preempt.mutex.
	if n := strings.Count(section, `<tr class="sensitive" data-kind="commits" data-benchmark="Add/style=preempt.mutex/`); n != 2 {
		t.Errorf("%d preempt.mutex rows marked, want 2", n)
	}
	if n := strings.Count(section, `class="sensitive"`); n != 2 {
		t.Errorf("%d rows marked, want 2", n)
	}

	one, _ := historyPage(t)
	if bytes.Contains(one, []byte(`id="hist-machines"`)) {
		t.Error("one machine's history has a machines section")
	}
}

// textBetween returns the text of page from the first start to the first end
// after it.
func textBetween(page []byte, start, end string) (string, bool) {
	_, rest, ok := strings.Cut(string(page), start)
	if !ok {
		return "", false
	}
	s, _, ok := strings.Cut(rest, end)
	return s, ok
}
