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
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // A capital initial run on to a name in a file name ("extract_AvaB
        // .txt"): read apart, as "Ava B". A capital inside a name
        // ("McDonald", "DeShawn") has lower case after it and stays.
        if c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && !chars.peek().is_some_and(|(_, n)| n.is_lowercase())
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
