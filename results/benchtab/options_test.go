package benchtab

import (
	"strings"
	"testing"

	"github.com/addbench/addbench/results"
)

// TestProjectionsNameKeysPresent: a row, column, table or ignore projection
// that names a key no result carries is an error naming the option and the
// key, since benchproc would pool every result under the empty value and
// hide the differences the rows were meant to show. Keys present, the
// built-in ones and /gomaxprocs (read from "-N") are accepted.
func TestProjectionsNameKeysPresent(t *testing.T) {
	set, err := results.Load("../testdata/old.txt", "../testdata/new.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		set  func(*Options)
		want string // "" for success
	}{
		{"file key misspelt", func(o *Options) { o.Row = "bogus" }, `row projection "bogus": no result has the key "bogus"`},
		{"name key misspelt", func(o *Options) { o.Row = "/styel" }, `row projection "/styel": no result has the key "/styel"`},
		{"second field", func(o *Options) { o.Row = "/style,/nope" }, `no result has the key "/nope"`},
		{"column", func(o *Options) { o.Col = "/nope" }, `column projection "/nope"`},
		{"table", func(o *Options) { o.Table = "nope" }, `table projection "nope"`},
		{"ignore", func(o *Options) { o.Ignore = "/nope" }, `ignored keys "/nope"`},
		{"name key", func(o *Options) { o.Row = "/style,/mode" }, ""},
		{"file key", func(o *Options) { o.Table = "goos"; o.Row = ".name" }, ""},
		{"gomaxprocs", func(o *Options) { o.Row = ".name,/gomaxprocs" }, ""},
		{"config", func(o *Options) { o.Table = ".config" }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Compare(set, opts(tc.set))
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Compare: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Compare = %v; want an error saying %q", err, tc.want)
			}
		})
	}
}
