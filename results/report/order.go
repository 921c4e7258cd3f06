package report

import (
	"cmp"
	"slices"

	"github.com/addbench/addbench/results"
)

// Results files of passes runs hold their benchmarks in a shuffled order,
// so tables and charts order them here: styles as the registry lists them
// (results.Styles: by level), peers and unknown styles after, by name;
// configurations by mode, programs, length, quantum and GOMAXPROCS.

var styleRanks = func() map[string]int {
	m := make(map[string]int)
	for i, s := range results.Styles {
		m[s.Name] = i
	}
	return m
}()

func compareStyles(a, b string) int {
	ra, oka := styleRanks[a]
	rb, okb := styleRanks[b]
	switch {
	case oka && okb:
		return cmp.Compare(ra, rb)
	case oka != okb:
		if oka {
			return -1
		}
		return 1
	}
	return cmp.Compare(a, b)
}

func compareConfigs(a, b results.AddKey) int {
	return cmp.Or(
		-cmp.Compare(a.Mode, b.Mode), // shared before private
		cmp.Compare(a.Programs, b.Programs),
		cmp.Compare(a.Len, b.Len),
		cmp.Compare(a.Quantum, b.Quantum),
		cmp.Compare(a.Gomaxprocs, b.Gomaxprocs),
	)
}

func compareKeys(a, b results.AddKey) int {
	return cmp.Or(compareConfigs(a, b), compareStyles(a.Style, b.Style))
}

// sortCosts orders costs by configuration, then style.
func sortCosts(cs []results.Cost) {
	slices.SortStableFunc(cs, func(a, b results.Cost) int { return compareKeys(a.Key, b.Key) })
}

// sortRatios orders a ratio table's styles and configurations.
func sortRatios(t *results.RatioTable) {
	slices.SortStableFunc(t.Styles, compareStyles)
	slices.SortStableFunc(t.Configs, compareConfigs)
	// The cells too: a passes run writes them in a shuffled order.
	slices.SortStableFunc(t.Ratios, func(a, b results.Ratio) int {
		return cmp.Or(compareStyles(a.Key.Style, b.Key.Style), compareConfigs(a.Key, b.Key))
	})
}

func sortBy[T any](xs []T, f func(a, b T) int) { slices.SortStableFunc(xs, f) }
