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
    fold_with(text, false)
}

/// As [`fold`], and in a file name a capital after a small letter and
/// before another starts a word ("log_CerysHarries.csv" is read as "cerys
/// harries"): names run together in a file name. Matched in a second pass
/// over the file names alone, after the plain fold, so a name with a
/// capital inside it ("McDonagh_notes.docx") is found whole first.
pub(super) fn fold_camel(text: &str) -> Folded {
    fold_with(text, true)
}

/// Where file names stand in a text ("HV_record_AvaB.docx"), as byte
/// spans.
pub(super) fn file_names(text: &str) -> Vec<(usize, usize)> {
    static FILE_NAME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)[\p{L}\p{N}_\-]+\.(?:txt|csv|xlsx|xls|docx|doc|pdf|rtf)\b")
            .expect("valid")
    });
    FILE_NAME
        .find_iter(text)
        .map(|m| (m.start(), m.end()))
        .collect()
}

fn fold_with(text: &str, camel: bool) -> Folded {
    // In a file name, a capital initial run on to the end of a name
    // ("extract_AvaB.txt") is read apart, as "Ava B"; a capital with
    // letters after it ("McDONAGH_notes.docx") is not.
    let files = file_names(text);
    let mut out = String::with_capacity(text.len());
    let mut from = Vec::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_alpha = chars.peek().is_some_and(|(_, n)| n.is_alphabetic());
        let next_small = chars.peek().is_some_and(|(_, n)| n.is_lowercase());
        if c.is_uppercase()
            && prev.is_some_and(char::is_lowercase)
            && (!next_alpha || (camel && next_small))
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
