package loader

import (
	"bytes"
	"fmt"
	"strings"
)

// explainYAML turns an error of yaml.v3 about data into the line of the
// slip (1-based, in data) and a message in plain words that says how to
// fix it. yaml.v3's own messages are parser jargon ("did not find expected
// key") and often name the line before the slip (or one further off), so
// the lines are first looked over for the slips authors make (a tab that
// indents a line, indentation that matches none of the lines above);
// failing that, yaml.v3's message is explained, and kept in parentheses.
func explainYAML(data []byte, err error) (int, string) {
	line, msg := yamlErrorLine(err)
	// yaml.v3 names the line where the collection around the slip
	// starts for some messages, and the slip's line (or the one before)
	// for the others: a slip found further on is another one.
	if sl, smsg := yamlSlip(string(data)); sl > 0 && (contextMessage(msg) || line == 0 || sl <= line+1) {
		return sl, smsg
	}
	if plain := plainYAMLMessage(msg); plain != "" {
		return line, fmt.Sprintf("%s (YAML parser: %s)", plain, msg)
	}
	return line, msg
}

// contextMessage reports whether yaml.v3's message msg names the line
// where a collection starts rather than the line of the slip in it.
func contextMessage(msg string) bool {
	return strings.HasPrefix(msg, "did not find expected key") || strings.HasPrefix(msg, "did not find expected '-' indicator")
}

// plainYAMLMessage says yaml.v3's message msg in plain words, with what to
// do; "" when there is nothing to add.
func plainYAMLMessage(msg string) string {
	switch {
	case strings.HasPrefix(msg, "mapping values are not allowed"):
		return `a value holds ": " (a colon and a space), which YAML takes for a new key: put the value in double quotes`
	case strings.HasPrefix(msg, "did not find expected ',' or ']'"):
		return `a [ ] list is not closed on its line, or an item holds ": ", "[" or "#": close the list with "]" and put such items in double quotes`
	case strings.HasPrefix(msg, "did not find expected ',' or '}'"):
		return `a { } mapping is not closed on its line, or a value holds ": ", "," or "#": close it with "}" and put such values in double quotes`
	case strings.HasPrefix(msg, "found unexpected end of stream"):
		return `a quoted value is not closed: add its closing quote`
	case strings.HasPrefix(msg, "found unknown escape character"):
		return `a double-quoted value holds a backslash YAML does not know: write \\ for a backslash, or use single quotes`
	case strings.HasPrefix(msg, "found character that cannot start any token"):
		return "a value starts with a character YAML reserves (such as @ or `): put the value in double quotes"
	case strings.HasPrefix(msg, "found a tab character"):
		return `tabs cannot indent YAML: use spaces`
	case strings.HasPrefix(msg, "could not find expected ':'"):
		return `expected a "key: value" line`
	case strings.HasPrefix(msg, "block sequence entries are not allowed"):
		return `a list cannot start on its key's line ("key: - item"): put each "- item" on a line of its own below the key, or write [item, item]`
	case strings.HasPrefix(msg, "did not find expected key"):
		return `expected a key at this indentation`
	case strings.HasPrefix(msg, "did not find expected '-' indicator"):
		return `expected a list item ("- ...") at this indentation`
	case strings.HasPrefix(msg, "did not find expected alphabetic or numeric character"),
		strings.HasPrefix(msg, "found undefined tag handle"),
		strings.HasPrefix(msg, "unknown anchor"):
		return `a value that starts with "&", "*" or "!" is YAML syntax: put the value in double quotes`
	}
	return ""
}

// yamlLevel is a block collection open at a line: a mapping whose keys, or
// a sequence whose dashes, are indented by indent spaces.
type yamlLevel struct {
	indent int
	seq    bool
}

// yamlSlip looks over src's lines for the first slip of layout yaml.v3
// fails on: a tab in a line's indentation, a key or list item indented more
// than a line that already has its value, or indentation that matches none
// of the collections open above. It returns the slip's line (1-based) and
// what to do, or 0 when it finds none. It knows block mappings and
// sequences, comments and block scalars (| and >), and stops at a line it
// does not follow (a quoted value or flow collection that goes on to the
// next line, say): what follows is left to yaml.v3's message.
func yamlSlip(src string) (int, string) {
	var levels []yamlLevel
	parent := -1  // the indent of a "key:" (or "-") whose value starts on the next line
	block := -1   // within a block scalar: the indent of its key
	plainAt := -1 // the indent of a line whose value may go on, plain, on the next lines
	// A carriage return alone breaks a line too.
	src = strings.ReplaceAll(strings.ReplaceAll(src, "\r\n", "\n"), "\r", "\n")
	for no, line := range strings.Split(src, "\n") {
		no++
		text := strings.TrimLeft(line, " ")
		indent := len(line) - len(text)
		if strings.TrimSpace(text) == "" {
			continue
		}
		if block >= 0 {
			if indent > block {
				continue // the block scalar's text: tabs and all
			}
			block = -1
		}
		if text[0] == '\t' {
			return no, "tabs cannot indent YAML: use spaces"
		}
		if text[0] == '#' || len(levels) == 0 && (strings.HasPrefix(text, "---") || strings.HasPrefix(text, "...")) {
			continue // a comment, a document marker
		}
		isItem := text == "-" || strings.HasPrefix(text, "- ")
		isKey := slipKeyLen(text) > 0
		switch {
		case parent >= 0 && (indent > parent || indent == parent && isItem && len(levels) > 0 && !levels[len(levels)-1].seq):
			// The value of the key above, indented under it (or, for a
			// list, as much as it).
			levels = append(levels, yamlLevel{indent: indent, seq: isItem})
		case len(levels) == 0:
			if indent > 0 {
				return 0, "" // an indented document: not one authors write
			}
			levels = append(levels, yamlLevel{indent: indent, seq: isItem})
		default:
			top := levels[len(levels)-1]
			if indent > top.indent {
				if plainAt >= 0 && !isKey {
					continue // a plain value going on ("- x" included)
				}
				if isKey || isItem {
					what := "key"
					if isItem {
						what = "list item"
					}
					return no, fmt.Sprintf("this %s is indented more than the line above (%s, not %d), which already has its value: indent it as the line above, or as the key it belongs to", what, spaces(indent), top.indent)
				}
				return 0, ""
			}
			// Close the collections indented more than this line, and a
			// list at its indent when it is a key of the mapping around.
			open := levels
			for len(levels) > 0 && (levels[len(levels)-1].indent > indent || levels[len(levels)-1].indent == indent && levels[len(levels)-1].seq && !isItem) {
				levels = levels[:len(levels)-1]
			}
			if len(levels) == 0 || levels[len(levels)-1].indent != indent {
				return no, fmt.Sprintf("indentation does not match the lines above: %s here, where the lines above are indented %s: line it up with the key or list item it belongs with", spaces(indent), indentList(open))
			}
			if levels[len(levels)-1].seq != isItem {
				if isItem {
					return no, `a list item ("- ...") among keys: indent it under its key, or give it a key`
				}
				if !isKey {
					return 0, ""
				}
			}
		}
		parent, plainAt = -1, -1
		// What the line opens: after "- ", a mapping at the key's column.
		if isItem {
			rest := strings.TrimLeft(strings.TrimPrefix(text, "-"), " ")
			if rest == "" || rest[0] == '#' {
				parent = indent
				continue
			}
			if rest == "-" || strings.HasPrefix(rest, "- ") {
				return 0, "" // a list in a list: not followed here
			}
			col := indent + len(text) - len(rest)
			if slipKeyLen(rest) == 0 {
				if rest[0] == '|' || rest[0] == '>' {
					block = indent
					continue
				}
				if !oneLineValue(rest) {
					return 0, ""
				}
				if plainValue(rest) {
					plainAt = indent
				}
				continue
			}
			levels = append(levels, yamlLevel{indent: col})
			indent, text = col, rest
		} else if !isKey {
			return 0, "" // not "key: value": yaml.v3's message says what
		}
		value := strings.TrimLeft(text[slipKeyLen(text)+1:], " \t")
		switch {
		case value == "" || value[0] == '#' || (value[0] == '&' || value[0] == '!') && !strings.Contains(value, " "):
			parent = indent // the value on the next lines (after an anchor or tag)
		case value[0] == '|' || value[0] == '>':
			block = indent
		case !oneLineValue(value):
			return 0, ""
		case plainValue(value):
			plainAt = indent
		}
	}
	return 0, ""
}

// slipKeyLen is the length of the key that starts text, as yaml.v3 reads
// keys ("u}rl" of "u}rl: x" too, which the decoder's keyLen declines, and
// quoted keys): up to the ':' followed by a space, a tab or the end; 0
// when text is no key.
func slipKeyLen(text string) int {
	i := 0
	if text[0] == '"' || text[0] == '\'' {
		if !oneLineValue(text) {
			return 0
		}
		i = quotedLen(text)
		if i >= len(text) || text[i] != ':' {
			return 0
		}
		if i+1 < len(text) && text[i+1] != ' ' && text[i+1] != '\t' {
			return 0
		}
		return i
	}
	if c := text[0]; strings.IndexByte(",[]{}#&*!|>%@`", c) >= 0 || strings.IndexByte("-?:", c) >= 0 && (len(text) == 1 || text[1] == ' ') {
		return 0
	}
	for ; i < len(text); i++ {
		switch {
		case text[i] == '#' && i > 0 && text[i-1] == ' ':
			return 0
		case text[i] == ':' && i > 0 && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'):
			return i
		}
	}
	return 0
}

// quotedLen is the length of the quoted scalar that starts text, closing
// quote included (len(text)+1 when it is not closed).
func quotedLen(text string) int {
	q := text[0]
	for i := 1; i < len(text); i++ {
		switch {
		case q == '"' && text[i] == '\\':
			i++
		case q == '\'' && text[i] == q && i+1 < len(text) && text[i+1] == q:
			i++
		case text[i] == q:
			return i + 1
		}
	}
	return len(text) + 1
}

// plainValue reports whether value (as oneLineValue's) is a plain scalar,
// which may go on on the next lines.
func plainValue(value string) bool { return strings.IndexByte("\"'[{|>", value[0]) < 0 }

// oneLineValue reports whether value, the rest of a line after a key or
// dash, ends on its line: its quotes and brackets are closed.
func oneLineValue(value string) bool {
	switch value[0] {
	case '"', '\'':
		return quotedLen(value) <= len(value)
	case '[', '{':
		depth := 0
		var q byte
		for i := 0; i < len(value); i++ {
			c := value[i]
			switch {
			case q != 0:
				if c == q {
					q = 0
				}
			case c == '"' || c == '\'':
				q = c
			case c == '[' || c == '{':
				depth++
			case c == ']' || c == '}':
				depth--
			}
		}
		return depth <= 0 && q == 0
	}
	return true
}

// indentList names the distinct indents of levels: "0, 2 or 4 spaces".
func indentList(levels []yamlLevel) string {
	var ns []string
	seen := map[int]bool{}
	for _, l := range levels {
		if !seen[l.indent] {
			seen[l.indent] = true
			ns = append(ns, fmt.Sprint(l.indent))
		}
	}
	if len(ns) == 1 {
		return spaces(levels[0].indent)
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " or " + ns[len(ns)-1] + " spaces"
}

// unclosedFrontMatter reports, for an entry file that opens its front
// matter on line 1, what to say and where when no line "---" closes it: on
// a line before the body's first marker that was meant to (dashes of
// another count, or spaces after them), or else on line 1, naming the
// first marker, before which the closing line goes. 0 when the front
// matter is closed.
func unclosedFrontMatter(data []byte) (int, string) {
	// Every load of every entry asks: no copy of data, one pass.
	for rest := data; ; {
		i := bytes.Index(rest, []byte("\n---"))
		if i < 0 {
			break
		}
		rest = rest[i+4:]
		if len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' && (len(rest) == 1 || rest[1] == '\n') {
			return 0, ""
		}
	}
	s := string(data)
	for no, line := range strings.Split(s, "\n") {
		if no == 0 {
			continue
		}
		line = strings.TrimSuffix(line, "\r")
		if markerRE().MatchString(strings.TrimSpace(line)) {
			return 1, fmt.Sprintf("the front matter opened on line 1 is never closed: add a line \"---\" after its last key, before the marker on line %d", no+1)
		}
		switch dashes := strings.TrimRight(line, " \t"); {
		case dashes == "---":
			return no + 1, fmt.Sprintf("%q does not close the front matter opened on line 1: the closing line is exactly \"---\", with nothing after it", line)
		case len(dashes) >= 2 && strings.Trim(dashes, "-–—") == "":
			return no + 1, fmt.Sprintf("%q does not close the front matter opened on line 1: the closing line is exactly \"---\"", line)
		}
	}
	return 1, "the front matter opened on line 1 is never closed: add a line \"---\" after its last key"
}

// markerIn is the line (1-based, in the front matter raw) of the first
// language marker in an entry's front matter, or 0: a front matter that
// holds one runs into the body, its own closing line missing, up to a
// "---" further on (a rule in the body).
func markerIn(raw []byte) int {
	for no, line := range strings.Split(string(raw), "\n") {
		if markerRE().MatchString(strings.TrimSpace(line)) {
			return no + 1
		}
	}
	return 0
}

// spaces is "1 space", "2 spaces", ...
func spaces(n int) string {
	if n == 1 {
		return "1 space"
	}
	return fmt.Sprintf("%d spaces", n)
}

// ideographicSpace is U+3000, the full-width space a Japanese IME types for
// the space bar while it is on.
const ideographicSpace = "\u3000"

// wideIndent finds the first line of src (YAML) indented, wholly or in
// part, with full-width spaces, or with one after a key's colon, as a
// Japanese IME types them: YAML takes U+3000 for text, not white space, so
// such a line is read as a key that starts with it ("\u3000ja", unknown),
// or as no key, or breaks the mapping on a later line, and none of these
// says why. It returns the line (1-based) and what to do, or 0 when there is
// none. Lines of a block scalar (| or >), text that may start with any
// character, are skipped, and so is a line whose full-width space does not
// come before a key or a list item ("- "), so that prose going on from the
// line above is left alone.
func wideIndent(src string) (int, string) {
	if !strings.Contains(src, ideographicSpace) { // every load of every file asks
		return 0, ""
	}
	block := -1 // within a block scalar: the indent of its key
	for no, line := range strings.Split(src, "\n") {
		no++
		line = strings.TrimSuffix(line, "\r")
		text := strings.TrimLeft(line, " \t"+ideographicSpace)
		lead := line[:len(line)-len(text)]
		if text == "" {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " ")) // ASCII spaces, as YAML counts them
		if block >= 0 {
			if indent > block {
				continue
			}
			block = -1
		}
		item := text == "-" || strings.HasPrefix(text, "- ")
		if strings.Contains(lead, ideographicSpace) && (item || slipKeyLen(text) > 0) {
			n := strings.Count(lead, ideographicSpace)
			what := "a full-width space"
			if n > 1 {
				what = fmt.Sprintf("%d full-width spaces", n)
			}
			return no, fmt.Sprintf("this line is indented with %s (U+3000, 全角スペース), which YAML does not take for indentation: retype the indentation with half-width spaces (with the Japanese input off)", what)
		}
		rest := text
		if item {
			rest = strings.TrimLeft(strings.TrimPrefix(text, "-"), " ")
		}
		if k := wideKeyLen(rest); k > 0 {
			return no, fmt.Sprintf("a full-width space (U+3000, 全角スペース) follows %q: YAML needs a half-width space after a key's colon: retype it with the Japanese input off", rest[:k+1])
		}
		// A block scalar starts after "key: |" or "- |" (or >).
		if k := slipKeyLen(rest); k > 0 {
			rest = strings.TrimLeft(rest[k+1:], " \t")
		}
		if rest != "" && (rest[0] == '|' || rest[0] == '>') {
			block = indent
		}
	}
	return 0, ""
}

// wideKeyLen is the length of the key that starts text when a full-width
// space follows its colon ("en:\u3000..."), a key of the letters, digits,
// "_" and "-" keys are written in; 0 otherwise.
func wideKeyLen(text string) int {
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-'):
		case c == ':' && i > 0 && strings.HasPrefix(text[i+1:], ideographicSpace):
			return i
		default:
			return 0
		}
	}
	return 0
}
