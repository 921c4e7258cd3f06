package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/targets"
)

// A Peer is one row of the peers view: a style, ours or a peer library's,
// and its cost per add at quantum 1 as a multiple of its level's primitive,
// paired within passes.
type Peer struct {
	Level int
	Op    string           // the level's primitive (targets.LevelPrimitives)
	Key   results.AddKey   // the case measured; Key.Style is the style
	Times results.Estimate // ns/add ÷ the primitive's ns/op
}

// peerLevels reads the levels of the peer styles from the configuration
// line "peer-levels: peer.a.b=1,peer.c.d=2" that the peers module's
// benchmarks print; a file without it has no peers view.
func peerLevels(f *results.File) map[string]int {
	line := f.Config["peer-levels"]
	if line == "" {
		return nil
	}
	levels := make(map[string]int)
	for _, kv := range strings.Split(line, ",") {
		name, l, ok := strings.Cut(kv, "=")
		if n, err := strconv.Atoi(l); ok && err == nil {
			levels[name] = n
		}
	}
	return levels
}

// peers is the peers view of f: for every level that has a peer, our
// styles of that level and each peer, each at quantum 1 (one interaction per
// add) on the smallest shared case at the lowest GOMAXPROCS, as a multiple of
// the level's primitive (targets.LevelPrimitives).
func peers(f *results.File) []Peer {
	levels := peerLevels(f)
	if len(levels) == 0 {
		return nil
	}
	peerAt := make(map[int]bool)
	for _, l := range levels {
		peerAt[l] = true
	}
	for _, s := range results.Styles {
		levels[s.Name] = s.Level
	}
	// The q=1 rows, one per style: the smallest shared case at the
	// lowest GOMAXPROCS.
	best := make(map[string]results.AddKey)
	for _, c := range f.Costs("sec/add").Costs {
		k := c.Key
		if k.Mode != "shared" || k.Quantum != 1 {
			continue
		}
		b, ok := best[k.Style]
		// Ties between cases of equal size go by the full configuration,
		// never by file order, which a passes run shuffles.
		if !ok || cmp.Or(cmp.Compare(k.Gomaxprocs, b.Gomaxprocs), cmp.Compare(k.Programs*k.Len, b.Programs*b.Len), compareConfigs(k, b)) < 0 {
			best[k.Style] = k
		}
	}
	var rows []Peer
	for style, k := range best {
		l, ok := levels[style]
		op, hasOp := targets.LevelPrimitives[l]
		if !ok || !hasOp || !peerAt[l] {
			continue
		}
		if e, ok := f.StyleOverPrimitive(k, op); ok {
			rows = append(rows, Peer{l, op, k, e})
		}
	}
	slices.SortFunc(rows, func(a, b Peer) int {
		// By level; ours before the peers; then by name.
		return cmp.Or(cmp.Compare(a.Level, b.Level),
			cmp.Compare(isPeer(a.Key.Style), isPeer(b.Key.Style)),
			cmp.Compare(a.Key.Style, b.Key.Style))
	})
	return rows
}

// isPeer is 1 for a peer library's style, 0 for ours: ours sort first.
func isPeer(style string) int {
	if strings.HasPrefix(style, "peer.") {
		return 1
	}
	return 0
}
