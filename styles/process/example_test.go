package process_test

import (
	"fmt"

	"github.com/addbench/addbench/styles/process"
)

// A worker sums each message it is sent. Here all three fit in the pipe, so
// one goroutine may send them all before receiving; process.pipe sends and
// receives on two goroutines so that no amount of data can block it.
func Example() {
	wk, err := process.Start(0)
	if err != nil {
		fmt.Println(err)
		return
	}
	chunks := [][]int64{{1, 2, 3}, {40}, {-1, -1}}
	for _, c := range chunks {
		wk.Send(c)
	}
	wk.CloseInput()
	for _, c := range chunks {
		sum, err := wk.Recv(len(c))
		fmt.Println(sum, err)
	}
	fmt.Println(wk.Wait())
	// Output:
	// 6 <nil>
	// 40 <nil>
	// -2 <nil>
	// <nil>
}
