package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/acmkb/acmkb/index"
	"github.com/acmkb/acmkb/loader"
	"github.com/acmkb/acmkb/site"
)

func main() {
	f, _ := os.Create(os.Args[2])
	pprof.StartCPUProfile(f)
	defer pprof.StopCPUProfile()
	t0 := time.Now()
	k, probs := loader.Load(os.DirFS(os.Args[1]), loader.Options{})
	if err := probs.Err(); err != nil {
		panic(err)
	}
	t1 := time.Now()
	os.RemoveAll("/tmp/pb")
	if err := site.Build(k, "/tmp/pb/site", site.Options{}); err != nil {
		panic(err)
	}
	t2 := time.Now()
	if err := index.Build(k, "/tmp/pb/idx"); err != nil {
		panic(err)
	}
	t3 := time.Now()
	fmt.Println("load", t1.Sub(t0), "site", t2.Sub(t1), "index", t3.Sub(t2))
}
