/*
 * Markdown for PR comments (plan `--format markdown`, the diff's Markdown). Every interpolated string goes through
 * here: messages and names come from a program or stack file a pull request may edit, and GitHub renders raw HTML in
 * comments, so an unclosed `<!--` would hide the rest of the comment (later findings included), a `|` would split a
 * table cell, a backtick would end a code span, and a line break would end a list item or a table row.
 *
 * Rules used (GitHub Flavored Markdown, https://github.github.com/gfm/): any ASCII punctuation may be
 * backslash-escaped (section 6.1); HTML is recognized only from `<` (sections 4.6, 6.6), so `&lt;` never opens a tag
 * or comment; a code span's content is literal (no HTML, no escapes) and ends at a backtick run of its opening
 * length (section 6.3); in a table cell, `\|` is a literal pipe, also inside a code span (section 4.10).
 */

/** Line breaks of every kind, and the other control characters, become one space: one line per item or row. */
const BREAKS_AND_CONTROLS = /\r\n|[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Characters with a Markdown meaning inline (emphasis, links, images, code, tables, strikethrough, headings). */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~#!]/g;

/**
 * Plain text for a Markdown paragraph, list item or table cell: HTML special characters as entities (`<`, `>`, `&`),
 * Markdown punctuation backslash-escaped, line breaks and control characters as spaces. Renders as the text itself.
 */
export function mdText(value: string): string {
    return value
        .replace(BREAKS_AND_CONTROLS, " ")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;")
        .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * A code span that shows `value` literally whatever it contains: a fence longer than any backtick run inside, padded
 * when the value starts or ends with a backtick, line breaks and control characters as spaces. In a table cell
 * (`table: true`) `|` is written `\|`, which GFM reads as a pipe inside the cell; elsewhere a code span keeps it as is.
 */
export function mdCode(value: string, options: { readonly table?: boolean } = {}): string {
    const flat = value.replace(BREAKS_AND_CONTROLS, " ");
    const escaped = options.table ? flat.replace(/\|/g, "\\|") : flat;
    const longest = Math.max(0, ...[...escaped.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = "`".repeat(longest + 1);
    const pad = escaped.startsWith("`") || escaped.endsWith("`") ? " " : "";
    return `${fence}${pad}${escaped}${pad}${fence}`;
}
