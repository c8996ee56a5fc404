package loader

import (
	"bytes"
)

// markerLine is a language marker of an entry's body as goldmark's block
// parser finds it: a top-level HTML block whose first line, trimmed, is
// "<!-- xx -->". start and stop are that line's byte range in the file,
// its line break included (goldmark's segment of the line).
type markerLine struct {
	start, stop int
}

// scanEntry finds, without goldmark, what the loader reads of an entry
// file's Markdown: its front matter as written (frontmatter.Data.Raw) and
// its language markers (markerLine). Most entries are plain prose under
// headings, with fenced code at the start of a line: there, a line scan
// sees what the block parser sees, at a fraction of its CPU and memory (a
// parse of each file was ~0.9 s of CPU at 10,000 entries, and its syntax
// trees a tenth of what a build allocates). ok is false, and the file must
// be parsed, for anything where a scan could differ from the parser:
//
//   - a carriage return or NUL anywhere, or front matter never closed;
//   - a '{' in the body: a heading may pin an anchor ("## Heading
//     {#anchor}"), which the loader checks on goldmark's headings;
//   - a line starting with '<' that is not a marker alone on its line at
//     its start, or any line indented before a '<' (another HTML block, or
//     one inside a list or quote, may hold or be a marker line);
//   - a fence (``` or ~~~) indented, or a backtick fence whose info string
//     holds a backtick (not a fence), or an indented line that could close
//     an open fence.
//
// TestScanEntryAsGoldmark compares the two on every entry of the
// repository and of a synthetic knowledge base, and FuzzScanEntry on
// arbitrary files.
func scanEntry(data []byte) (raw []byte, markers []markerLine, ok bool) {
	if !bytes.HasPrefix(data, []byte("---\n")) || bytes.IndexByte(data, '\r') >= 0 || bytes.IndexByte(data, 0) >= 0 {
		return nil, nil, false
	}
	// The front matter: every line up to the first that is exactly "---"
	// (frontmatter's Continue: the opening delimiter, three dashes).
	pos := 4
	body := -1
	for pos < len(data) {
		end, next := lineEnd(data, pos)
		if string(data[pos:end]) == "---" {
			raw = data[4:pos]
			body = next
			break
		}
		pos = next
	}
	if body < 0 {
		return nil, nil, false
	}
	if bytes.IndexByte(data[body:], '{') >= 0 {
		return nil, nil, false
	}
	var fence byte // the fence character of the open fenced code block, 0 outside one
	fenceLen := 0
	for pos = body; pos < len(data); {
		end, next := lineEnd(data, pos)
		line := data[pos:end]
		start := pos
		pos = next
		trimmed := bytes.TrimLeft(line, " \t")
		if len(trimmed) == 0 {
			continue
		}
		indented := len(trimmed) < len(line)
		c := trimmed[0]
		if fence != 0 {
			if c == '`' || c == '~' {
				if indented {
					return nil, nil, false // it may close the fence (up to three spaces)
				}
				if n := run(line, c); c == fence && n >= fenceLen && len(bytes.Trim(line[n:], " \t")) == 0 {
					fence = 0
				}
			}
			continue
		}
		switch c {
		case '`', '~':
			n := run(trimmed, c)
			if n < 3 {
				continue
			}
			if indented || c == '`' && bytes.IndexByte(trimmed[n:], '`') >= 0 {
				return nil, nil, false
			}
			fence, fenceLen = c, n
		case '<':
			if indented || !markerRE().Match(bytes.TrimSpace(line)) {
				return nil, nil, false
			}
			markers = append(markers, markerLine{start: start, stop: next})
		}
	}
	return raw, markers, true
}

// run is the number of bytes c that s starts with.
func run(s []byte, c byte) int {
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	return n
}

// lineEnd returns where the line of data starting at pos ends (its '\n',
// or the end of data) and where the next one starts.
func lineEnd(data []byte, pos int) (end, next int) {
	if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
		return pos + i, pos + i + 1
	}
	return len(data), len(data)
}
