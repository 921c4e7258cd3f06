// Package workloads defines the Add language and the workloads addbench runs.
//
// An Add program is a sequence of integers. Running it starts an accumulator at 0
// and adds each integer in turn. Arithmetic is Go int64 and wraps modulo 2^64
// (two's complement), so every style, in every order of adds, computes the same
// result: addition modulo 2^64 is associative and commutative, which is what
// lets concurrent styles split and reorder the work and still be checked for
// exact equality with [Reference].
//
// A [Workload] is a set of programs and a [Mode]: in [Private] mode each program
// has its own accumulator and the result is one sum per program; in [Shared]
// mode every program adds into one accumulator and the result is the total.
//
// The text form of a program (an .add file) is decimal integers with an
// optional sign, separated by any whitespace; '#' starts a comment that runs to
// the end of the line. [Parse] reads it and [Format] writes it.
//
// The generators ([Uniform], [Skewed]) are seeded and deterministic, and the
// suite catalog ([Suites]) names the workload matrix the benchmarks run.
package workloads
