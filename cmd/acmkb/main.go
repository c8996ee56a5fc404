// Command acmkb answers questions about AWS Certificate Manager from a
// knowledge base of capability entries, and builds that knowledge base into a
// static site and a search index.
//
//	acmkb ask "can I copy a certificate to another region?"
//	acmkb chat
//	acmkb check | build | serve | eval
//
// Run `acmkb help` or `acmkb help COMMAND` for the flags.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}
