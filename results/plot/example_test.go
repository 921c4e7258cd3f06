package plot_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/addbench/addbench/results"
	"github.com/addbench/addbench/results/plot"
)

// ExampleCost draws the cost of three styles in two modes, with
// sequential.loop as the reference, and saves it as PNG and SVG.
func ExampleCost() {
	dir, err := os.MkdirTemp("", "addbench-plot")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	panels := []plot.Panel{
		{Title: "mode=private", Bars: []plot.Bar{
			{Label: "sequential.loop", Value: results.Estimate{Center: 0.41, Lo: 0.40, Hi: 0.43}},
			{Label: "coop.green", Value: results.Estimate{Center: 24, Lo: 23, Hi: 26}},
			{Label: "lockfree.atomic", Value: results.Estimate{Center: 4.2, Lo: 4.0, Hi: 4.5}},
		}},
		{Title: "mode=shared", Bars: []plot.Bar{
			{Label: "sequential.loop", Value: results.Estimate{Center: 0.42, Lo: 0.41, Hi: 0.44}},
			{Label: "coop.green", Value: results.Estimate{Center: 25, Lo: 24, Hi: 27}},
			{Label: "lockfree.atomic", Value: results.Estimate{Center: 17, Lo: 15, Hi: 19}},
		}},
	}
	chart, err := plot.Cost("", panels, "sequential.loop")
	if err != nil {
		log.Fatal(err)
	}
	paths, err := chart.Save(dir, "cost")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range paths {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// cost.png
	// cost.svg
}

// ExampleScale draws B/program against the number of concurrent programs
// for two styles, the "1 million tasks" chart, and saves it as PNG and SVG.
func ExampleScale() {
	dir, err := os.MkdirTemp("", "addbench-plot")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	var loop, gil plot.Series
	loop.Name, gil.Name = "sequential.loop", "coop.gil"
	for n := 1.0; n <= 1e6; n *= 10 {
		loop.Points = append(loop.Points, plot.Point{X: n, Y: results.Exact(400/n + 0.1)})
		if n <= 1e5 {
			gil.Points = append(gil.Points, plot.Point{X: n, Y: results.Exact(3000/n + 2800)})
		}
	}
	chart, err := plot.Scale("Memory per concurrent program", "B/program", []plot.Series{loop, gil})
	if err != nil {
		log.Fatal(err)
	}
	paths, err := chart.Save(dir, "scale")
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range paths {
		fmt.Println(filepath.Base(p))
	}
	// Output:
	// scale.png
	// scale.svg
}
