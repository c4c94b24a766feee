//! How big a hover may be and how it is laid out: at most [`MAX_LINES`] lines as a hover
//! window shows them, paragraphs and lists only (Neovim shows a markdown table as raw `|---|`
//! text), no paragraph twice. Text the user or an orb author wrote (descriptions) is cut to a
//! few lines here, so a long description cannot push the rest out of view.

/// The most lines a hover shows, long lines counted as the window wraps them.
pub const MAX_LINES: usize = 15;

/// The width a hover window wraps at, for counting lines (VS Code's hover and Neovim's float
/// are about this wide).
pub const WRAP_COLUMNS: usize = 80;

/// The most lines a description (a user's, an orb author's) takes in a hover.
const DESCRIPTION_LINES: usize = 3;

/// The lines `markdown` takes in a window [`WRAP_COLUMNS`] wide.
pub fn shown_lines(markdown: &str) -> usize {
    markdown.lines().map(line_height).sum()
}

fn line_height(line: &str) -> usize {
    visible_chars(line).div_ceil(WRAP_COLUMNS).max(1)
}

/// The characters of a markdown line a reader sees: link targets, `**` and backticks are not
/// shown.
fn visible_chars(line: &str) -> usize {
    let mut count = 0;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("](") {
            // A link's target, up to its closing parenthesis.
            rest = after.split_once(')').map_or("", |(_, r)| r);
            continue;
        }
        if let Some(after) = rest.strip_prefix("**") {
            rest = after;
            continue;
        }
        if !matches!(c, '`' | '[') {
            count += 1;
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    count
}

/// The first paragraph of a description, cut to a few lines at a word boundary.
pub fn short_description(text: &str) -> Option<String> {
    let first = text.trim().split("\n\n").next()?.trim();
    if first.is_empty() {
        return None;
    }
    // Single line breaks inside a paragraph are only wrapping.
    let joined = first.split_whitespace().collect::<Vec<_>>().join(" ");
    Some(cut_words(&joined, DESCRIPTION_LINES * WRAP_COLUMNS))
}

/// `text` cut at a word boundary to at most `max_chars` characters, with `…` when cut.
pub fn cut_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split(' ') {
        if out.chars().count() + word.chars().count() + 2 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // An odd number of backticks would leave code open to the end of the hover.
    if out.matches('`').count() % 2 == 1 {
        out.push('`');
    }
    out.push('…');
    out
}

/// A list of names, the first `shown` of them and how many more.
pub fn name_list(names: &[String], shown: usize) -> String {
    let mut out = names
        .iter()
        .take(shown)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > shown {
        out.push_str(&format!(" and {} more", names.len() - shown));
    }
    out
}

/// `markdown` as a hover shows it: repeated paragraphs dropped, and cut to [`MAX_LINES`] at
/// a paragraph (or list item) boundary, the essentials being written first.
pub fn fit(markdown: &str) -> String {
    let mut kept: Vec<String> = Vec::new();
    let mut used = 0;
    for block in blocks(markdown) {
        let block = block.as_str();
        if block.trim().is_empty() || (block != "---" && kept.iter().any(|k| k == block)) {
            continue;
        }
        // A blank line separates blocks.
        let gap = usize::from(!kept.is_empty());
        let height = shown_lines(block);
        if used + gap + height <= MAX_LINES {
            kept.push(block.to_string());
            used += gap + height;
            continue;
        }
        if let Some(cut) = cut_list(block, MAX_LINES.saturating_sub(used + gap)) {
            kept.push(cut);
        }
        break;
    }
    // A rule with nothing below it separates nothing.
    while kept.last().is_some_and(|k| k == "---") {
        kept.pop();
    }
    kept.join("\n\n")
}

/// The blocks of `markdown` (paragraphs, lists, rules), a fenced code block whole even when
/// it holds blank lines.
fn blocks(markdown: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open_fence = false;
    for part in markdown.split("\n\n").map(str::trim_end) {
        match out.last_mut() {
            Some(last) if open_fence => {
                last.push_str("\n\n");
                last.push_str(part);
            }
            _ => out.push(part.to_string()),
        }
        if part.matches("```").count() % 2 == 1 {
            open_fence = !open_fence;
        }
    }
    out
}

/// The first items of a list block that fit in `lines`, the last line saying how many more.
fn cut_list(block: &str, lines: usize) -> Option<String> {
    let items: Vec<&str> = block.lines().collect();
    if lines < 2 || !items.iter().skip(1).all(|l| l.starts_with("- ")) {
        return None;
    }
    let mut out = Vec::new();
    let mut used = 0;
    for item in &items {
        if used + line_height(item) + 1 > lines {
            break;
        }
        used += line_height(item);
        out.push(*item);
    }
    if !out.iter().any(|l| l.starts_with("- ")) {
        return None;
    }
    out.push("- …");
    Some(out.join("\n"))
}

/// What is wrong with a hover as a user sees it, if anything: too many lines, a markdown
/// table, a paragraph said twice (checked by tests, here and on real configs).
#[cfg(any(test, feature = "test-support"))]
pub fn hover_problem(markdown: &str) -> Option<String> {
    let lines = shown_lines(markdown);
    if lines > MAX_LINES {
        return Some(format!("{lines} lines"));
    }
    if markdown.lines().any(|l| l.starts_with('|')) {
        return Some("a markdown table".to_string());
    }
    let mut seen = std::collections::HashSet::new();
    let repeated = markdown
        .split("\n\n")
        .filter(|p| p.len() > 20 && *p != "---")
        .find(|p| !seen.insert(*p));
    repeated.map(|p| format!("said twice: {p}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_as_the_window_wraps_them() {
        assert_eq!(shown_lines("a\n\nb"), 3);
        assert_eq!(shown_lines(&"x".repeat(WRAP_COLUMNS + 1)), 2);
        let link = format!("**a** [`b`](https://{}) c", "x".repeat(WRAP_COLUMNS));
        assert_eq!(visible_chars(&link), 5);
        assert_eq!(shown_lines(&link), 1);
    }

    #[test]
    fn repeated_paragraphs_are_dropped_and_long_hovers_cut_between_blocks() {
        assert_eq!(
            fit("a\n\nsame\n\n---\n\nsame\n\nb"),
            "a\n\nsame\n\n---\n\nb"
        );
        let long = (0..30)
            .map(|i| format!("p{i}"))
            .collect::<Vec<_>>()
            .join("\n\n");
        let cut = fit(&long);
        assert!(shown_lines(&cut) <= MAX_LINES, "{cut}");
        assert!(cut.starts_with("p0\n\np1"));
    }

    #[test]
    fn a_code_block_with_blank_lines_stays_whole() {
        let md = "a\n\n```yaml\nx: 1\n\nx: 1\n```\n\nx: 1";
        assert_eq!(fit(md), md);
    }

    #[test]
    fn a_long_list_keeps_its_first_items() {
        let list = format!(
            "head\n\n{}",
            (0..30)
                .map(|i| format!("- item {i}"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        let cut = fit(&list);
        assert!(shown_lines(&cut) <= MAX_LINES, "{cut}");
        assert!(cut.starts_with("head\n\n- item 0\n- item 1"), "{cut}");
        assert!(cut.ends_with("- …"), "{cut}");
    }

    #[test]
    fn descriptions_are_cut_at_a_word_and_keep_code_closed() {
        let text = format!("`a` {}\n\nsecond paragraph", "word ".repeat(100));
        let short = short_description(&text).unwrap_or_default();
        assert!(short.chars().count() <= DESCRIPTION_LINES * WRAP_COLUMNS);
        assert!(short.ends_with("word…"), "{short}");
        assert!(!short.contains("second"));
        assert_eq!(cut_words("`abc def ghi` x", 8), "`abc`…");
        assert_eq!(short_description("  \n"), None);
    }
}
