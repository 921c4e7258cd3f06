package benchtab

import (
	"regexp"
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
)

func TestComparePartialWarns(t *testing.T) {
	set, err := results.Load("../testdata/load/partial.txt")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(set, DefaultOptions)
	if err != nil {
		t.Fatal(err)
	}
	if !containsError(c.Warnings, "testdata/load/partial.txt: partial results") {
		t.Errorf("Compare warnings %v do not mention the partial file", c.Warnings)
	}
}

// TestGomaxprocsOne checks that a benchmark name without a "-N" suffix, as
// go test writes it for -cpu 1, reads as GOMAXPROCS 1 in tables.
func TestGomaxprocsOne(t *testing.T) {
	set, err := results.Load("../testdata/load/cpu1.txt")
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(set, opts(func(o *Options) { o.Row, o.Col, o.Filter = ".name", "/gomaxprocs", ".unit:ns/add" }))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Tables) != 1 {
		t.Fatalf("%d tables, want 1 (sec/add)", len(c.Tables))
	}
	tab := c.Tables[0]
	if tab.Unit != "sec/add" {
		t.Errorf("unit %q, want sec/add (ns/add tidied)", tab.Unit)
	}
	if strings.Join(tab.Cols, ",") != "1,2" {
		t.Errorf("columns %q, want [1 2]", tab.Cols)
	}
	var text strings.Builder
	if err := c.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`^ *│ +1 +│ +2 +│`).MatchString(text.String()) {
		t.Errorf("text header does not show GOMAXPROCS 1:\n%s", text.String())
	}

}
