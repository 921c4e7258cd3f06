// Package peers runs Add workloads on the concurrency libraries Go programmers
// actually pick, as styles beside addbench's own (package styles), so that a
// chart can show what a library costs over its mechanism's floor.
//
// It is a module of its own (github.com/addbench/addbench/styles/peers) so that
// the main module keeps no dependency on any peer library. Each peer is a
// [styles.Style] named peer.<library>.<variant>, at the level of the spectrum
// its API belongs to, with a Doc naming the library and the version this
// module pins. [All] lists them.
//
// Every peer keeps the styles contract: it computes exactly
// workloads.Reference, resolves [styles.Config] as the main styles do (0 means
// the default; negative is an error), checks for cancellation at quantum
// boundaries, returns ctx.Err() when cancelled, and returns only after every
// goroutine it or its library started for the run has ended. What Quantum
// means differs by library and is said in each peer's file:
//
//   - level 1, peer.goja.eventloop: adds per callback posted with RunOnLoop;
//   - level 2, peer.errgroup.group, peer.conc.pool, peer.conc.stream: adds per
//     task, the unit each library spawns and joins;
//   - level 4, peer.ants.pool, peer.pond.pool: adds per task submitted to the
//     worker pool;
//   - level 5, peer.xsync.counter: adds per Counter.Add.
//
// The level-2 libraries are explicit about where work is spawned and joined
// (Go, Wait) but run their tasks on ordinary goroutines, so unlike the main
// module's levels 0–3 they use Config.Workers: it is their goroutine limit.
//
// Peers write their bodies with styles/body, as the main styles do: the same
// stop flag, chunk iterator, worker pool and padded cells, so that a peer
// pays the harness costs our styles pay and no others.
//
// None of the libraries can stop a task in the middle; each peer stops
// submitting, and lets tasks already submitted skip their adds, once the
// context is done. So every peer can be cancelled, at the granularity of one
// task (Quantum adds), and none needs the library's own context support.
package peers
