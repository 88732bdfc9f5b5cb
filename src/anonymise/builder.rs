//! Building an anonymiser: the names and glossary entries to replace, the
//! forms derived from a glossary name (first name and surname, initial and
//! surname, surname after a title or rank), and the one regular expression
//! they are compiled into, longest names first.

use std::collections::{HashMap, HashSet};

use regex::RegexBuilder;

use super::{fold, is_rank, is_title, tokens, Anonymiser, Target, RANKS, TITLES};
use crate::store::GlossaryKind;
use crate::{Error, Result};

/// One variant waiting to be compiled.
#[derive(Clone, Debug)]
struct Variant {
    tokens: Vec<String>,
    code: String,
    glossary: bool,
    /// Only after a title or rank (a glossary surname alone).
    after_title: bool,
}

/// Collects variants and codes, then compiles them with
/// [`AnonymiserBuilder::build`].
#[derive(Clone, Debug, Default)]
pub struct AnonymiserBuilder {
    /// Variants as given, in priority order.
    first: Vec<Variant>,
    /// Forms derived from glossary names, after everything else.
    derived: Vec<Variant>,
}

impl AnonymiserBuilder {
    /// An empty builder.
    pub fn new() -> AnonymiserBuilder {
        AnonymiserBuilder::default()
    }

    /// One variant of a name ("Tyler Brooks", "Ty", "Ms K Brooks") and its
    /// code, matched as written (and surname first when of several words).
    pub fn name(&mut self, variant: &str, code: &str) -> &mut Self {
        self.push_name(variant, code, false);
        self
    }

    /// A glossary name and its code: matched as entered, and in the forms
    /// derived from it (see the module's rules). A place is matched as
    /// entered only.
    pub fn glossary(&mut self, name: &str, code: &str, kind: GlossaryKind) -> &mut Self {
        self.push_name(name, code, true);
        if kind == GlossaryKind::Place {
            return self;
        }
        let core = core_tokens(name);
        let code = code.trim().to_string();
        if code.is_empty() || core.is_empty() {
            return self;
        }
        let mut add = |tokens: Vec<String>, after_title: bool| {
            self.derived.push(Variant {
                tokens,
                code: code.clone(),
                glossary: true,
                after_title,
            });
        };
        if core.len() >= 2 {
            add(core.clone(), false);
            let surname = core[core.len() - 1].clone();
            let given = core[0].clone();
            if core.len() > 2 {
                add(vec![given.clone(), surname.clone()], false);
            }
            if let Some(initial) = given.chars().next() {
                add(vec![initial.to_string(), surname.clone()], false);
            }
            if surname.chars().count() >= 2 {
                add(vec![surname], true);
            }
        } else if core[0].chars().count() >= 2 {
            add(core, true);
        }
        self
    }

    fn push_name(&mut self, variant: &str, code: &str, glossary: bool) {
        let tokens = tokens(&fold(variant).text);
        let code = code.trim();
        if code.is_empty() || tokens.is_empty() {
            return;
        }
        let mut forms = spellings(&tokens);
        forms.extend(initials(&tokens));
        for tokens in forms {
            self.first.push(Variant {
                tokens,
                code: code.to_string(),
                glossary,
                after_title: false,
            });
        }
    }

    /// Compiles every variant into one [`Anonymiser`].
    pub fn build(&self) -> Result<Anonymiser> {
        let mut names: HashMap<String, Target> = HashMap::new();
        let mut surnames: HashMap<String, Target> = HashMap::new();
        // Pattern text → (number of words, length), for ordering.
        let mut name_patterns: Vec<(usize, usize, String)> = Vec::new();
        let mut surname_patterns: Vec<(usize, usize, String)> = Vec::new();
        let mut seen: HashSet<String> = HashSet::new();
        let mut seen_surnames: HashSet<String> = HashSet::new();
        for v in self.first.iter().chain(self.derived.iter()) {
            let key = v.tokens.join(" ");
            if key.chars().count() < 2 {
                continue;
            }
            let target = Target {
                code: v.code.clone(),
                glossary: v.glossary,
                single: !v.glossary && v.tokens.len() == 1,
            };
            if v.after_title {
                surnames.entry(key.clone()).or_insert(target);
                if seen_surnames.insert(key.clone()) {
                    surname_patterns.push((v.tokens.len(), key.len(), pattern(&v.tokens, false)));
                }
                continue;
            }
            let mut forms = vec![(v.tokens.clone(), false)];
            let titled = v.tokens.first().is_some_and(|t| is_title(t) || is_rank(t));
            if v.tokens.len() >= 2 && !titled {
                let mut reversed = vec![v.tokens[v.tokens.len() - 1].clone()];
                reversed.extend(v.tokens[..v.tokens.len() - 1].iter().cloned());
                forms.push((reversed, true));
            }
            for (tokens, comma) in forms {
                let key = tokens.join(" ");
                names.entry(key.clone()).or_insert_with(|| target.clone());
                let p = pattern(&tokens, comma);
                if seen.insert(p.clone()) {
                    name_patterns.push((tokens.len(), key.len(), p));
                }
            }
        }
        if name_patterns.is_empty() && surname_patterns.is_empty() {
            return Ok(Anonymiser {
                regex: None,
                names,
                surnames,
            });
        }
        let order = |v: &mut Vec<(usize, usize, String)>| {
            v.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        };
        order(&mut name_patterns);
        order(&mut surname_patterns);
        let mut prefixes: Vec<&str> = TITLES.iter().chain(RANKS.iter()).copied().collect();
        prefixes.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let prefix = format!(
            r"(?-u:\b)(?:{})\.?\s+(?:\d+\s+)?",
            prefixes
                .iter()
                .map(|p| regex::escape(p))
                .collect::<Vec<_>>()
                .join("|")
        );
        let join = |v: &[(usize, usize, String)]| {
            v.iter()
                .map(|(_, _, p)| p.as_str())
                .collect::<Vec<_>>()
                .join("|")
        };
        let mut branches = Vec::new();
        if !name_patterns.is_empty() {
            branches.push(format!(
                "(?P<pre>{prefix})?(?P<name>{})",
                join(&name_patterns)
            ));
        }
        if !surname_patterns.is_empty() {
            // A glossary surname after a title may have initials between
            // them ("Mr G Vance", "Dr J.R. Greaves"): they go with it.
            branches.push(format!(
                r"(?P<pre2>{prefix}(?:[a-z](?:\.\s*|\s+)){{0,3}})(?P<sn>{})",
                join(&surname_patterns)
            ));
        }
        // A possessive after the name: "'s", or a bare "'" after an s. (A
        // family's plural "s'" is part of the name's pattern.)
        let source = format!(r"(?:{})(?P<poss>'s(?-u:\b)|'(?-u:\B))?", branches.join("|"));
        let regex = RegexBuilder::new(&source)
            .size_limit(1 << 28)
            .dfa_size_limit(1 << 28)
            .build()
            .map_err(|e| Error::Invalid(format!("the names to anonymise do not compile: {e}")))?;
        Ok(Anonymiser {
            regex: Some(regex),
            names,
            surnames,
        })
    }
}

/// A name's words as written, and as written without the hyphens and
/// apostrophes inside them: split at them ("anne marie o neill") and run
/// together ("annemarie oneill", as in a file name "oneill_family.csv").
fn spellings(tokens: &[String]) -> Vec<Vec<String>> {
    let mut out = vec![tokens.to_vec()];
    if !tokens.iter().any(|t| t.contains(['-', '\''])) {
        return out;
    }
    let split: Vec<String> = tokens
        .iter()
        .flat_map(|t| {
            t.split(['-', '\''])
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    let joined: Vec<String> = tokens.iter().map(|t| t.replace(['-', '\''], "")).collect();
    for form in [split, joined] {
        if !form.is_empty() && !out.contains(&form) {
            out.push(form);
        }
    }
    out
}

/// A full name's initials, as records write them: with stops or spaces
/// ("Z. O'N.", "A.M.O'N." as the words "z", "o'n"), and run together when
/// three letters or more ("AMO'N", "AMON"). A surname with an apostrophe
/// keeps it ("O'Neill" → "O'N"). None for one word, or a name that starts
/// with a title or rank.
fn initials(tokens: &[String]) -> Vec<Vec<String>> {
    if tokens.len() < 2 || tokens.first().is_some_and(|t| is_title(t) || is_rank(t)) {
        return Vec::new();
    }
    let mut letters: Vec<String> = Vec::new();
    for t in tokens {
        for part in t.split('-').filter(|p| !p.is_empty()) {
            let mut chars = part.chars();
            let Some(first) = chars.next() else { continue };
            if !first.is_alphabetic() {
                return Vec::new();
            }
            let mut initial = first.to_string();
            if let Some((_, rest)) = part.split_once('\'') {
                if let Some(second) = rest.chars().next() {
                    initial.push('\'');
                    initial.push(second);
                }
            }
            letters.push(initial);
        }
    }
    let mut out = vec![letters.clone()];
    let compact: String = letters.concat();
    // Never an ordinary word ("Ann Nicole Dean" is not "and").
    if compact.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && !crate::subjects::is_common_word(&compact)
        && !crate::subjects::is_common_word(&compact.replace('\'', ""))
    {
        out.push(vec![compact.clone()]);
        let bare = compact.replace('\'', "");
        if bare != compact {
            out.push(vec![bare]);
        }
    }
    out
}

/// The regular expression for one variant's words.
fn pattern(tokens: &[String], surname_first: bool) -> String {
    let mut p = String::new();
    let last = tokens.len().saturating_sub(1);
    for (i, t) in tokens.iter().enumerate() {
        let word_start = t.chars().next().is_some_and(is_word);
        let word_end = t.chars().next_back().is_some_and(is_word);
        if i == 0 && word_start {
            p.push_str(r"(?-u:\b)");
        }
        p.push_str(&regex::escape(t));
        if i == last {
            if word_end {
                // Or a family's plural possessive ("the O'Neills' flat").
                p.push_str(r"(?:(?-u:\b)|s'(?-u:\B))");
            }
        } else if t.chars().count() == 1 {
            p.push_str(r"(?:\.\s*|\s+)");
        } else if i == 0 && surname_first {
            p.push_str(r"(?:\s*,\s*|\s+)");
        } else {
            p.push_str(r"\s+");
        }
    }
    p
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The words of a glossary name without what is not the person's name:
/// brackets, leading titles, ranks and numbers.
fn core_tokens(name: &str) -> Vec<String> {
    let mut plain = String::new();
    let mut depth = 0usize;
    for c in name.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => plain.push(c),
            _ => {}
        }
    }
    let words = tokens(&fold(&plain).text);
    let skip = words
        .iter()
        .take_while(|t| is_title(t) || is_rank(t) || t.chars().all(|c| c.is_ascii_digit()))
        .count();
    words.into_iter().skip(skip).collect()
}
