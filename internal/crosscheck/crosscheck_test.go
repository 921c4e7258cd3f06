package crosscheck

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/addbench/addbench/styles"
	"github.com/addbench/addbench/workloads"
)

// TestMain checks that no goroutine of the styles outlives the tests.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// fake returns a style that returns res and err whatever it is given.
func fake(name string, racy bool, res workloads.Result, err error) styles.Style {
	return styles.Style{Name: name, Level: styles.Preempt, Racy: racy,
		Run: func(context.Context, *workloads.Workload, styles.Config) (workloads.Result, error) {
			return res, err
		}}
}

// rows returns the table's rows by style name.
func rows(t *testing.T, r *Report) map[string]string {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, line := range strings.Split(b.String(), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			m[f[0]] = line
		}
	}
	return m
}

func shared(programs ...workloads.Program) *workloads.Workload {
	return &workloads.Workload{Name: "test", Mode: workloads.Shared, Programs: programs}
}

// TestEveryStyleAgrees: every style in this build, on a generated workload,
// runs, gets a row saying ok (or what it lost, if racy), and the report has
// no error.
func TestEveryStyleAgrees(t *testing.T) {
	for _, mode := range workloads.Modes {
		t.Run(mode.String(), func(t *testing.T) {
			w := &workloads.Workload{Name: "gen", Mode: mode, Programs: workloads.Uniform(7, 3, 200)}
			r := New(w, styles.Config{Quantum: 3})
			r.Run(context.Background(), styles.All()...)
			if len(r.Rows) != len(styles.All()) {
				t.Fatalf("%d rows, want %d", len(r.Rows), len(styles.All()))
			}
			table := rows(t, r)
			for _, row := range r.Rows {
				if row.Err != nil {
					t.Errorf("%s: %v", row.Style.Name, row.Err)
				}
				line := table[row.Style.Name]
				if !row.Style.Racy && !strings.HasSuffix(line, "  ok") {
					t.Errorf("row %q, want ok", line)
				}
				if row.Style.Racy && !strings.Contains(line, "racy: lost") {
					t.Errorf("racy row %q does not say what it lost", line)
				}
			}
			if err := r.Err(); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestFailedAndWrongStyles: a style that fails and one that computes a wrong
// sum each get a row saying so, the styles after them still run, and Err
// names each once.
func TestFailedAndWrongStyles(t *testing.T) {
	w := shared(workloads.Program{1, 2, 3}, workloads.Program{4})
	loop, err := styles.Lookup("sequential.loop")
	if err != nil {
		t.Fatal(err)
	}
	r := New(w, styles.Config{Quantum: 1})
	r.Run(context.Background(),
		fake("fake.fail", false, workloads.Result{}, errors.New("fake.fail: worker 0 died\nexit status 1")),
		fake("fake.wrong", false, workloads.Result{Sums: []int64{11}}, nil),
		loop)
	if len(r.Rows) != 3 || !r.Rows[2].Got.Equal(r.Want) {
		t.Fatalf("rows %+v: want three, the last sequential.loop's right result %v", r.Rows, r.Want)
	}
	table := rows(t, r)
	for name, want := range map[string]string{
		"fake.fail":       "FAILED: worker 0 died exit status 1", // one line, the name once
		"fake.wrong":      "WRONG: sum 0 is 11, want 10",
		"sequential.loop": "ok",
	} {
		if row := table[name]; !strings.HasSuffix(row, want) {
			t.Errorf("row %q, want it to end %q", row, want)
		}
	}
	if !r.Rows[1].Wrong(r.Want) || r.Rows[0].Wrong(r.Want) || r.Rows[2].Wrong(r.Want) {
		t.Error("Wrong: want only fake.wrong")
	}
	want := "1 of 3 styles failed: fake.fail; 1 styles differ from the reference: fake.wrong"
	if err := r.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %v, want %q", err, want)
	}
}

// TestRacyRows: a racy style's row says what it lost, and it is never wrong.
func TestRacyRows(t *testing.T) {
	w := shared(workloads.Program{1, 2, 3, 4})
	for _, tc := range []struct {
		got  workloads.Result
		want string
	}{
		{workloads.Result{Sums: []int64{7}, Lost: 1}, "racy: lost 1 of 4 adds"},
		{workloads.Result{Sums: []int64{7}}, "racy: lost updates"},
		{workloads.Result{Sums: []int64{10}}, "racy: lost none this time"},
	} {
		r := New(w, styles.Config{Quantum: 1})
		r.Run(context.Background(), fake("fake.racy", true, tc.got, nil))
		if row := rows(t, r)["fake.racy"]; !strings.HasSuffix(row, tc.want) {
			t.Errorf("got %v: row %q, want it to end %q", tc.got, row, tc.want)
		}
		if err := r.Err(); err != nil {
			t.Errorf("got %v: Err() = %v, want nil", tc.got, err)
		}
	}
}

// TestTableColumns: the header line, and each row's time and ns/add; an
// empty workload has no ns/add.
func TestTableColumns(t *testing.T) {
	loop, err := styles.Lookup("sequential.loop")
	if err != nil {
		t.Fatal(err)
	}
	w := shared(make(workloads.Program, 1000))
	r := &Report{Workload: w, Config: styles.Config{Quantum: 4}, Want: workloads.Reference(w),
		Rows: []Row{{Style: loop, Got: workloads.Reference(w), Took: 1500 * time.Microsecond}}}
	var b bytes.Buffer
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	want := "\n1 programs, 1000 adds, mode shared, quantum 4\n\n" +
		"STYLE            LEVEL  TIME   NS/ADD   CHECK\n" +
		"sequential.loop  0      1.5ms  1500.00  ok\n"
	if b.String() != want {
		t.Errorf("table:\n%q\nwant:\n%q", b.String(), want)
	}

	empty := shared()
	r = &Report{Workload: empty, Config: styles.Config{Quantum: 1}, Want: workloads.Reference(empty),
		Rows: []Row{{Style: loop, Got: workloads.Reference(empty), Took: time.Microsecond}}}
	if row := strings.Fields(rows(t, r)["sequential.loop"]); len(row) != 5 || row[3] != "-" {
		t.Errorf("empty workload's row %q, want no ns/add (-)", row)
	}
}

func TestCheck(t *testing.T) {
	want := workloads.Result{Sums: []int64{3, 4}}
	off := workloads.Result{Sums: []int64{3, 5}}
	if err := Check(fake("a.b", false, want, nil), want, want); err != nil {
		t.Errorf("equal results: %v", err)
	}
	if err := Check(fake("a.racy", true, off, nil), off, want); err != nil {
		t.Errorf("a racy style's different result: %v, want nil", err)
	}
	err := Check(fake("a.b", false, off, nil), off, want)
	if err == nil || err.Error() != "a.b: result differs from the reference [3 4]" {
		t.Errorf("different result: %v", err)
	}
}

func TestDiffers(t *testing.T) {
	for _, tc := range []struct {
		got, want []int64
		say       string
	}{
		{[]int64{1}, []int64{1, 2}, "1 sums, want 2"},
		{[]int64{1, 2, 3}, []int64{1, 5, 4}, "sum 1 is 2, want 5"},
		{[]int64{-9}, []int64{-9}, "same sums"},
	} {
		if got := Differs(workloads.Result{Sums: tc.got}, workloads.Result{Sums: tc.want}); got != tc.say {
			t.Errorf("Differs(%v, %v) = %q, want %q", tc.got, tc.want, got, tc.say)
		}
	}
}
