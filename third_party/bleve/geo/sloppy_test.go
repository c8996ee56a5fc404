package geo

import (
	"math"
	"sync"
	"testing"
)

// The table of earth diameters per latitude is made on first use (acmkb's
// patch): made from several goroutines at once it is made once, and
// distances come out as the upstream table gave them.
func TestEarthDiameterOnFirstUse(t *testing.T) {
	var wg sync.WaitGroup
	tables := make([][]float64, 4)
	for i := range tables {
		wg.Add(1)
		go func() { defer wg.Done(); tables[i] = earthDiameterPerLatitude() }()
	}
	wg.Wait()
	for _, tab := range tables[1:] {
		if &tab[0] != &tables[0][0] {
			t.Fatal("the table was made more than once")
		}
	}
	tab := tables[0]
	if len(tab) != radiusTabsSize || tab[0] != 2*6378137.0/1000 || tab[radiusTabsSize-1] != 2*6356752.31420/1000 {
		t.Fatalf("table ends: %d entries, %v … %v", len(tab), tab[0], tab[len(tab)-1])
	}
	for i := 1; i < len(tab); i++ {
		if tab[i] > tab[i-1] {
			t.Fatalf("the diameter grows from latitude step %d to %d", i-1, i)
		}
	}
	for _, c := range []struct{ lon1, lat1, lon2, lat2, km, tol float64 }{
		{0, 0, 0, 0, 0, 0},
		{0, 0, 180, 0, 6378.137 * math.Pi, 1e-9},                       // half the equator
		{-74.0059731, 40.7143528, -73.9844722, 40.759011, 5.286, 5e-3}, // across Manhattan
		{-74.0059731, 40.7143528, -73.95, 40.65, 8.572, 5e-3},
	} {
		if got := Haversin(c.lon1, c.lat1, c.lon2, c.lat2); math.Abs(got-c.km) > c.tol {
			t.Errorf("Haversin(%v, %v, %v, %v) = %v km, want %v", c.lon1, c.lat1, c.lon2, c.lat2, got, c.km)
		}
	}
	if !math.IsNaN(Haversin(math.NaN(), 1, 1, 1)) {
		t.Error("Haversin of NaN is not NaN")
	}
}
