//! Text helpers every layer shares: one table of accented letters, and the
//! two ways Sightline folds text for comparison. Names carry accents
//! (Climbié, Zoë, Łukasz) and agencies type them with and without; every
//! comparison of names, headers or words goes through here so that they
//! all agree.

/// The unaccented letter for an accented Latin letter (case kept):
/// `é` → `e`, `Ł` → `L`. Letters with no single-letter form (`ß`, `æ`) and
/// anything else come back unchanged.
pub fn strip_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => 'A',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => 'C',
        'ď' | 'đ' => 'd',
        'Ď' | 'Đ' => 'D',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => 'E',
        'ğ' | 'ģ' => 'g',
        'Ğ' | 'Ģ' => 'G',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => 'I',
        'ł' => 'l',
        'Ł' => 'L',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => 'N',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ő' => 'O',
        'ř' => 'r',
        'Ř' => 'R',
        'ś' | 'ş' | 'š' => 's',
        'Ś' | 'Ş' | 'Š' => 'S',
        'ţ' | 'ť' => 't',
        'Ţ' | 'Ť' => 'T',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' | 'Ų' => 'U',
        'ý' | 'ÿ' => 'y',
        'Ý' => 'Y',
        'ź' | 'ż' | 'ž' => 'z',
        'Ź' | 'Ż' | 'Ž' => 'Z',
        other => other,
    }
}

/// Folds text into words for comparison: lower case, accents removed,
/// apostrophes dropped, any other punctuation a space, spaces collapsed.
/// "Children's Social-Care " → "childrens social care".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = true;
    for c in text.chars() {
        let c = strip_accent(c);
        if c == '\'' || c == '\u{2019}' || c == '`' {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Appends one character folded for matching names in running text, where
/// every other character is kept so offsets can be mapped back: lower case,
/// accents removed (precomposed or combining), `ß`/`æ`/`œ` spelt out, curly
/// apostrophes straightened.
pub fn fold_char_into(c: char, out: &mut String) {
    if ('\u{0300}'..='\u{036f}').contains(&c) || is_invisible(c) {
        return;
    }
    match c {
        '\u{2019}' | '\u{02bc}' | '\u{2032}' => out.push('\''),
        // Hyphens of every kind (a non-breaking hyphen inside "Anne‑Marie").
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{fe63}' | '\u{ff0d}' => out.push('-'),
        '\u{00a0}' | '\u{2007}' | '\u{202f}' => out.push(' '),
        'ß' => out.push_str("ss"),
        'æ' | 'Æ' => out.push_str("ae"),
        'œ' | 'Œ' => out.push_str("oe"),
        _ => out.extend(strip_accent(c).to_lowercase()),
    }
}

/// Characters that show nothing: a soft hyphen, zero-width spaces and
/// joiners, direction marks and overrides, a byte-order mark. Inside a name
/// they would split one person into two, or hide a name from the
/// anonymiser.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// The days of the week as chronologies write them, in lower case, whole
/// and shortened ("mon", "tues", "thursday").
pub const WEEKDAYS: &[&str] = &[
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_accents_and_punctuation() {
        assert_eq!(fold("Date/Time"), "date time");
        assert_eq!(fold("  Children’s Social-Care "), "childrens social care");
        assert_eq!(fold("Zoë CLIMBIÉ"), "zoe climbie");
    }

    #[test]
    fn both_folds_agree_on_letters() {
        for name in [
            "Łukasz Wójcik",
            "Zoë Climbié",
            "Ayşe Çelik",
            "Dvořák",
            "Siân",
        ] {
            let mut running = String::new();
            for c in name.chars() {
                fold_char_into(c, &mut running);
            }
            assert_eq!(fold(name), running, "{name}");
        }
    }

    #[test]
    fn combining_accents_and_ligatures_fold_in_running_text() {
        let mut s = String::new();
        for c in "Zoe\u{0308} Stra\u{00df}e \u{00c6}sa O\u{2019}Neil".chars() {
            fold_char_into(c, &mut s);
        }
        assert_eq!(s, "zoe strasse aesa o'neil");
    }
}
