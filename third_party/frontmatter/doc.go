// Package frontmatter adds support for parsing front matter
// in Markdown documents.
//
// It supports YAML and TOML front matter out of the box,
// and can be extended to support other formats.
package frontmatter
