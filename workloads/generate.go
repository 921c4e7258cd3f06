package workloads

import "math/rand/v2"

// The generators use PCG, whose output math/rand/v2 promises never to change,
// so a seed names the same programs on every machine and Go release.

// Uniform returns n programs of length length each, filled with integers drawn
// uniformly from the whole int64 range (so sums wrap constantly, and every
// style's wrapping is exercised by every workload).
func Uniform(seed uint64, n, length int) []Program {
	r := rand.New(rand.NewPCG(seed, 0x6164646265636821)) // "addbench!"
	ps := make([]Program, n)
	for i := range ps {
		ps[i] = randomProgram(r, length)
	}
	return ps
}

// Skewed returns n programs: the first of length long and the rest of length
// short. One long program among many short ones is the case where a
// scheduler's fairness shows: a style that runs programs to completion makes
// the short ones wait behind the long one.
func Skewed(seed uint64, n, long, short int) []Program {
	r := rand.New(rand.NewPCG(seed, 0x736b657765642121)) // "skewed!!"
	ps := make([]Program, n)
	for i := range ps {
		length := short
		if i == 0 {
			length = long
		}
		ps[i] = randomProgram(r, length)
	}
	return ps
}

func randomProgram(r *rand.Rand, length int) Program {
	p := make(Program, length)
	for i := range p {
		p[i] = int64(r.Uint64())
	}
	return p
}
