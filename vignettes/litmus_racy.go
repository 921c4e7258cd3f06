//go:build !race

package vignettes

// sbPlain is store buffering with plain variables, a data race on purpose.
func sbPlain(batch int) litmusBody {
	cells := make([]litmusCell, batch)
	r1, r2 := make([]int64, batch), make([]int64, batch)
	return litmusBody{
		reset: func(n int) { clear(cells[:n]) },
		a: func(i int) {
			cells[i].x = 1
			r1[i] = cells[i].y
		},
		b: func(i int) {
			cells[i].y = 1
			r2[i] = cells[i].x
		},
		result: func(i int) (int64, int64) { return r1[i], r2[i] },
	}
}

// mpPlain is message passing with plain variables, a data race on purpose:
// x is the data, y the flag.
func mpPlain(batch int) litmusBody {
	cells := make([]litmusCell, batch)
	r1, r2 := make([]int64, batch), make([]int64, batch)
	return litmusBody{
		reset: func(n int) { clear(cells[:n]) },
		a: func(i int) {
			cells[i].x = 1
			cells[i].y = 1
		},
		b: func(i int) {
			r1[i] = cells[i].y
			r2[i] = cells[i].x
		},
		result: func(i int) (int64, int64) { return r1[i], r2[i] },
	}
}
