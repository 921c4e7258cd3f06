package results

import "testing"

func TestParseAddName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want AddKey
		ok   bool
	}{
		{"Add/style=a.b/mode=shared/programs=8/len=16/quantum=4", AddKey{"a.b", "shared", 8, 16, 4, 1}, true},
		{"BenchmarkAdd/style=a.b/mode=private/programs=1/len=2/quantum=3-12", AddKey{"a.b", "private", 1, 2, 3, 12}, true},
		{"Add/style=peer.x-y.z/mode=shared/programs=1/len=2/quantum=3", AddKey{"peer.x-y.z", "shared", 1, 2, 3, 1}, true},
		{"Add/style=a/mode=shared/programs=1/len=2/quantum=3-x", AddKey{}, false},
		{"Add/style=a/mode=shared/programs=one/len=2/quantum=3", AddKey{}, false},
		{"Add/style=a/mode=shared/programs=1/len=2", AddKey{}, false},
		{"Add/style=a/mode=shared/programs=1/len=2/quantum=3/extra=4", AddKey{}, false},
		{"Add/mode=shared/programs=1/len=2/quantum=3/quantum=4", AddKey{}, false},
		{"Add/style=/mode=shared/programs=1/len=2/quantum=3", AddKey{}, false},
		{"Primitive/op=sum-2", AddKey{}, false},
		{"Add/style", AddKey{}, false},
		// Neither "-" nor "/" after "Add/", and a number: read as a
		// GOMAXPROCS suffix only if the "-" test lets "no -" through,
		// and then cut out of range.
		{"Add/7", AddKey{}, false},
		{"Add/-7", AddKey{}, false},
	} {
		got, ok := ParseAddName(tc.name)
		if ok != tc.ok || got != tc.want {
			t.Errorf("ParseAddName(%q) = %+v, %v; want %+v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestSeedOf(t *testing.T) {
	if SeedOf("a") != SeedOf("a") || SeedOf("a") == SeedOf("b") {
		t.Error("SeedOf is not a function of its name alone")
	}
}
