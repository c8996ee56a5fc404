package main

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/acmkb/acmkb/reply"
)

// TestAskHelpNamesEveryJSONField: `acmkb help ask` lists the fields of the
// --format json object, and a script reads the help to learn them; a field
// added to reply.JSONAnswer must be named there too (numbers_only,
// subject_only, parts and unanswered were missing from it).
func TestAskHelpNamesEveryJSONField(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"acmkb", "help", "ask"}, strings.NewReader(""), &out, &errb); code != 0 {
		t.Fatalf("acmkb help ask: exit %d: %s", code, errb.String())
	}
	help := strings.Join(strings.Fields(out.String()), " ")
	typ := reflect.TypeOf(reply.JSONAnswer{})
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		if !strings.Contains(help, name) {
			t.Errorf("acmkb help ask does not name the JSON field %q", name)
		}
	}
}
