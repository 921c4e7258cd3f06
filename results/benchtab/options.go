package benchtab

import (
	"fmt"
	"slices"
	"strings"

	"golang.org/x/perf/benchproc"

	"github.com/addbench/addbench/results"
)

// keysPresent collects the keys that the results in set carry: file
// configuration keys ("goos", "commit") and name keys ("/style", with
// "/gomaxprocs" for a "-N" suffix).
func keysPresent(set *results.Set) map[string]bool {
	keys := map[string]bool{"/gomaxprocs": true} // benchproc reads it from -N, or defaults it
	for _, f := range set.Files {
		for _, r := range f.Results {
			for _, c := range r.Config {
				keys[c.Key] = true
			}
			_, parts := r.Name.Parts()
			for _, p := range parts {
				if k, _, ok := strings.Cut(string(p), "="); ok && strings.HasPrefix(k, "/") {
					keys[k] = true
				}
			}
		}
	}
	return keys
}

// checkProjection returns an error if the projection p, parsed from expr
// for the option what ("row", "column", ...), names a key that no result in
// set carries. benchproc projects a missing key as "", so a misspelt -row
// pools every result in one row and hides what the rows would have shown:
// it is refused, as a filter that selects nothing is.
func checkProjection(keys map[string]bool, what, expr string, p *benchproc.Projection) error {
	for _, f := range p.Fields() {
		if strings.HasPrefix(f.Name, ".") || keys[f.Name] {
			continue // .name, .fullname, .file, .config, .unit: always there
		}
		return fmt.Errorf("%s %q: no result has the key %q (keys present: %s)", what, expr, f.Name, presentList(keys))
	}
	return nil
}

// presentList lists keys for an error message, name keys first.
func presentList(keys map[string]bool) string {
	var name, file []string
	for k := range keys {
		switch {
		case strings.HasPrefix(k, "."): // ".file", listed already
		case strings.HasPrefix(k, "/"):
			name = append(name, k)
		default:
			file = append(file, k)
		}
	}
	slices.Sort(name)
	slices.Sort(file)
	return strings.Join(append(append([]string{".name", ".fullname", ".file", ".config"}, name...), file...), ", ")
}
