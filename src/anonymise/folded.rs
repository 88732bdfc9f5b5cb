//! The folded copy of a text that names are matched in: lower case,
//! accents removed, curly apostrophes straightened, with every byte mapped
//! back to the character of the original text it came from, so a name found
//! in the folded copy is cut from the original as written.

/// A folded copy of a text and where each of its bytes came from.
pub(super) struct Folded {
    pub(super) text: String,
    /// For each byte of `text`, the offset in the original of the start of
    /// the character it came from.
    from: Vec<usize>,
    /// The original's length.
    len: usize,
}

impl Folded {
    /// The original offset for a folded offset at a character boundary.
    pub(super) fn original(&self, at: usize) -> usize {
        self.from.get(at).copied().unwrap_or(self.len)
    }
}

/// Lower case, accents removed (precomposed or combining), curly
/// apostrophes straightened, underscores read as spaces (a file name such
/// as "HV_record_Alfie_Hughes.docx" holds names too).
pub(super) fn fold(text: &str) -> Folded {
    static FILE_NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)[\p{L}\p{N}_\-]+\.(?:txt|csv|xlsx|xls|docx|doc|pdf|rtf)\b")
            .expect("valid")
    });
    // In a file name, a capital initial run on to the end of a name
    // ("extract_AvaB.txt") is read apart, as "Ava B"; a capital with
    // letters after it ("McDONAGH_notes.docx") is not.
    let files: Vec<(usize, usize)> = FILE_NAME
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && !chars.peek().is_some_and(|(_, n)| n.is_alphabetic())
            && files.iter().any(|&(s, e)| s <= i && i < e)
        {
            out.push(' ');
            from.push(i);
        }
        prev = Some(c);
        let before = out.len();
        if c == '_' {
            out.push(' ');
        } else {
            crate::text::fold_char_into(c, &mut out);
        }
        from.resize(from.len() + (out.len() - before), i);
    }
    Folded {
        text: out,
        from,
        len: text.len(),
    }
}
