package results

// A StyleLevel is one of addbench's own styles as results files name it
// (style=NAME in BenchmarkAdd) and its level on the concurrency spectrum.
type StyleLevel struct {
	Name  string
	Level int
}

// Styles lists addbench's own styles in the order of the registry
// (styles.All: by level, then as registered), which tables and charts follow.
// It is written out here, not read from package styles, so that reading
// results does not link every runtime and the worker process of styles; a
// test fails if the two disagree. A results file may name other styles (the
// peers' "peer.*"); they are not listed.
var Styles = []StyleLevel{
	{"sequential.loop", 0},
	{"sequential.interleave", 0},
	{"callback.eventloop", 1},
	{"async.executor", 2},
	{"coop.green", 3},
	{"coop.gil", 3},
	{"preempt.mutex", 4},
	{"preempt.channel", 4},
	{"preempt.private", 4},
	{"preempt.goroutines", 4},
	{"preempt.racy", 4},
	{"process.pipe", 4},
	{"lockfree.atomic", 5},
	{"lockfree.cas", 5},
	{"lockfree.striped", 5},
	{"lockfree.falseshare", 5},
}
