//! The reviewer's decisions: on subjects, on flags, and the glossary of
//! professionals' names.

use sightline::session::FlagDecision;
use sightline::store::RecordFilter;
use sightline::subjects::SubjectDecision;
use sightline::{Error, Result};

use crate::args::*;
use crate::output::*;
use crate::{open, open_to_change};

/// `sightline subject`.
pub(crate) fn subject(args: SubjectArgs) -> Result<()> {
    let SubjectArgs { action } = args;
    let (path, decision) = match action {
        SubjectAction::Merge { review, a, b } => (review, SubjectDecision::Merge(a, b)),
        SubjectAction::Split { review, a, b } => (review, SubjectDecision::Split(a, b)),
        SubjectAction::Label {
            review,
            name,
            label,
            role,
        } => {
            let role = role
                .map(|r| {
                    serde_json::from_value::<sightline::subjects::Role>(serde_json::json!(r))
                        .map_err(|_| Error::Invalid(format!("\"{r}\" is not a role; use child, sibling, parent, partner or other_adult")))
                })
                .transpose()?;
            (review, SubjectDecision::Label(name, label, role))
        }
    };
    open_to_change(&path)?.decide_subject(&decision)?;
    tell!("recorded; the subjects will be resolved with it from now on");
    Ok(())
}

/// `sightline flag`.
pub(crate) fn flag(args: FlagArgs) -> Result<()> {
    let FlagArgs { action } = args;
    let (path, id) = match &action {
        FlagAction::Accept { review, flag, .. }
        | FlagAction::Dismiss { review, flag, .. }
        | FlagAction::Reopen { review, flag }
        | FlagAction::Annotate { review, flag, .. } => (review.clone(), flag.clone()),
    };
    let decision = match action {
        FlagAction::Accept { reason, .. } => FlagDecision::Accept(reason),
        FlagAction::Dismiss { reason, .. } => FlagDecision::Dismiss(reason),
        FlagAction::Reopen { .. } => FlagDecision::Reopen,
        FlagAction::Annotate { note, .. } => FlagDecision::Annotate(note),
    };
    open_to_change(&path)?.decide_flag(&id, &decision)?;
    tell!("recorded for flag {id}");
    Ok(())
}

/// `sightline glossary`.
pub(crate) fn glossary(args: GlossaryArgs) -> Result<()> {
    let GlossaryArgs { action } = args;
    match action {
        GlossaryAction::List { review, json } => {
            let entries = open(&review)?.review().glossary()?;
            if json {
                print_json(&entries)?;
            } else {
                for e in &entries {
                    say!("{:>4}  {:<12} {:<13} {}", e.id, e.code, e.kind, e.name);
                }
            }
            Ok(())
        }
        GlossaryAction::Add {
            review,
            name,
            code,
            kind,
        } => {
            let kind: sightline::store::GlossaryKind = kind.parse()?;
            let e = open_to_change(&review)?
                .review_mut()
                .glossary_add(&name, &code, kind)?;
            tell!("added entry {}: {} → {}", e.id, e.name, e.code);
            Ok(())
        }
        GlossaryAction::Set {
            review,
            id,
            name,
            code,
        } => {
            let e = open_to_change(&review)?.review_mut().glossary_set(
                id,
                name.as_deref(),
                code.as_deref(),
            )?;
            tell!("entry {}: {} → {}", e.id, e.name, e.code);
            Ok(())
        }
        GlossaryAction::Remove { review, id } => {
            open_to_change(&review)?.review_mut().glossary_remove(id)?;
            tell!("removed entry {id}");
            Ok(())
        }
        GlossaryAction::Propose { review, json } => {
            let records = open(&review)?.review().records(&RecordFilter::default())?;
            let proposals = sightline::anonymise::proposals(&records);
            if json {
                print_json(&proposals)?;
            } else {
                for p in &proposals {
                    say!("{:>5}  {:<12} {}", p.count, p.code, p.name);
                }
            }
            Ok(())
        }
    }
}

/// `sightline person`.
pub(crate) fn person(args: PersonArgs) -> Result<()> {
    match args.action {
        PersonAction::Add {
            review,
            name,
            role,
            aliases,
            dob,
        } => {
            let person = sightline::subjects::Person {
                name,
                role,
                aliases,
                dob,
            };
            open_to_change(&review)?.declare_person(&person)?;
            tell!(
                "declared {} ({}); the subjects will be resolved from the family from now on",
                person.name,
                person.role
            );
            Ok(())
        }
        PersonAction::List { review, json } => {
            let people = open(&review)?.review().people()?;
            if json {
                print_json(&people)?;
            } else {
                for p in &people {
                    say!(
                        "{:<28} {:<8} {:<12} {}",
                        p.name,
                        p.role,
                        p.dob.as_deref().unwrap_or("-"),
                        p.aliases.join(", ")
                    );
                }
            }
            Ok(())
        }
    }
}

/// `sightline note`.
pub(crate) fn note(args: NoteArgs) -> Result<()> {
    match args.action {
        NoteAction::Add {
            review,
            record,
            text,
        } => {
            let n = open_to_change(&review)?.add_record_note(record, &text)?;
            tell!("added note {} to record {}", n.id, n.record);
            Ok(())
        }
        NoteAction::Remove { review, id } => {
            open_to_change(&review)?.remove_record_note(id)?;
            tell!("removed note {id}");
            Ok(())
        }
        NoteAction::List {
            review,
            record,
            json,
        } => {
            let notes: Vec<_> = open(&review)?
                .record_notes()?
                .into_iter()
                .filter(|n| record.is_none_or(|r| n.record == r))
                .collect();
            if json {
                return print_json(&notes);
            }
            for n in &notes {
                say!(
                    "{:>4}  record {:<6} {}  {}: {}",
                    n.id,
                    n.record,
                    n.at,
                    clean(&n.by),
                    clean(&n.text)
                );
            }
            Ok(())
        }
    }
}

/// `sightline fact`.
pub(crate) fn fact(args: FactArgs) -> Result<()> {
    use sightline::store::Change;
    let (review, record, change, spec) = match args.action {
        FactAction::Add {
            review,
            record,
            fact,
        } => (review, record, Change::Add, fact),
        FactAction::Remove {
            review,
            record,
            fact,
        } => (review, record, Change::Remove, fact),
        FactAction::Undo { review, correction } => {
            let old = open_to_change(&review)?.withdraw_correction(correction)?;
            tell!(
                "withdrew correction {} on record {} ({}); the record is read as the analysis reads it",
                old.id,
                old.record,
                clean(&old.describe())
            );
            return Ok(());
        }
    };
    let reason = spec.reason.clone();
    let fact = fact_of(spec)?;
    let made = open_to_change(&review)?.correct(record, change, &fact, &reason)?;
    tell!(
        "correction {} on record {}: {}",
        made.id,
        made.record,
        clean(&made.describe())
    );
    Ok(())
}

/// The one fact the options name.
fn fact_of(spec: FactSpec) -> Result<sightline::store::Fact> {
    use sightline::store::{Fact, Flow};
    let FactSpec {
        indicator,
        about,
        shared_to,
        shared_from,
        shared_with,
        method,
        on,
        attended,
        absent,
        meeting,
        decision,
        seen,
        reason: _,
    } = spec;
    let on = on.as_deref().map(day).transpose()?;
    let sharing = |flow, agency| Fact::Sharing {
        flow,
        agency,
        method: method.clone(),
        on,
    };
    let mut named: Vec<Fact> = Vec::new();
    if let Some(indicator) = indicator {
        named.push(Fact::Indicator {
            indicator,
            about: about.clone(),
        });
    } else {
        named.extend(about.iter().map(|p| Fact::About { person: p.clone() }));
    }
    named.extend(shared_to.map(|a| sharing(Flow::To, a)));
    named.extend(shared_from.map(|a| sharing(Flow::From, a)));
    named.extend(shared_with.map(|a| sharing(Flow::With, a)));
    named.extend(attended.map(|agency| Fact::Attendance {
        agency,
        present: true,
    }));
    named.extend(absent.map(|agency| Fact::Attendance {
        agency,
        present: false,
    }));
    named.extend(meeting.map(|kind| Fact::Meeting { kind }));
    named.extend(decision.map(|kind| Fact::Decision { kind }));
    named.extend(seen.map(|seen| Fact::Seen { seen }));
    let is_sharing = named.iter().any(|f| matches!(f, Fact::Sharing { .. }));
    if (method.is_some() || on.is_some()) && !is_sharing {
        return Err(Error::Invalid(
            "--by and --on go with --shared-to, --shared-from or --shared-with".into(),
        ));
    }
    match named.len() {
        1 => Ok(named.remove(0)),
        0 => Err(Error::Invalid(
            "name the fact: --indicator, --about, --shared-to, --shared-from, --shared-with, \
             --attended, --absent, --meeting, --decision or --seen"
                .into(),
        )),
        _ => Err(Error::Invalid(
            "one fact at a time: give one of --indicator, --about, --shared-to, --shared-from, \
             --shared-with, --attended, --absent, --meeting, --decision, --seen"
                .into(),
        )),
    }
}

/// `sightline finding`.
pub(crate) fn finding(args: FindingArgs) -> Result<()> {
    let draft = |p: FindingParts| sightline::store::FindingDraft {
        title: p.title,
        text: p.text,
        episodes: (!p.episodes.is_empty()).then_some(p.episodes),
        flags: (!p.flags.is_empty()).then_some(p.flags),
    };
    match args.action {
        FindingAction::Add { review, parts } => {
            let f = open_to_change(&review)?.add_finding(&draft(parts))?;
            tell!("added finding {}: {}", f.id, clean(&f.title));
        }
        FindingAction::Edit { review, id, parts } => {
            let f = open_to_change(&review)?.edit_finding(id, &draft(parts))?;
            tell!("finding {}: {}", f.id, clean(&f.title));
        }
        FindingAction::Remove { review, id } => {
            open_to_change(&review)?.remove_finding(id)?;
            tell!("removed finding {id}");
        }
        FindingAction::List { review, json } => {
            let list = open(&review)?.findings()?;
            if json {
                return print_json(&list);
            }
            for f in &list {
                say!(
                    "{:>3}  {}  (episodes: {}; flags: {})",
                    f.id,
                    clean(&f.title),
                    if f.episodes.is_empty() {
                        "none".to_string()
                    } else {
                        f.episodes
                            .iter()
                            .map(|e| e.to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                    if f.flags.is_empty() {
                        "none".to_string()
                    } else {
                        f.flags.join(", ")
                    }
                );
                if !f.text.is_empty() {
                    say!("     {}", clean(&f.text));
                }
            }
        }
    }
    Ok(())
}

/// A day as the reviewer writes it: 12/03/2021 or 2021-03-12.
fn day(text: &str) -> Result<chrono::NaiveDate> {
    let t = text.trim();
    chrono::NaiveDate::parse_from_str(t, "%d/%m/%Y")
        .or_else(|_| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d"))
        .map_err(|_| {
            sightline::Error::Invalid(format!(
                "\"{}\" is not a day; write it as 12/03/2021",
                clean(t)
            ))
        })
}

/// The draft an episode's parts make.
fn draft(parts: EpisodeParts) -> Result<sightline::store::EpisodeDraft> {
    Ok(sightline::store::EpisodeDraft {
        title: parts.title,
        starts: parts.from.as_deref().map(day).transpose()?,
        ends: parts.to.as_deref().map(day).transpose()?,
        agencies: (!parts.agencies.is_empty()).then_some(parts.agencies),
        summary: parts.summary,
        analysis: parts.analysis,
        learning: parts.learning,
    })
}

/// `sightline episode`.
pub(crate) fn episode(args: EpisodeArgs) -> Result<()> {
    match args.action {
        EpisodeAction::Add { review, parts } => {
            let e = open_to_change(&review)?.add_episode(&draft(parts)?)?;
            tell!("added episode {}: {}", e.id, clean(&e.title));
            Ok(())
        }
        EpisodeAction::Edit { review, id, parts } => {
            let e = open_to_change(&review)?.edit_episode(id, &draft(parts)?)?;
            tell!("episode {}: {}", e.id, clean(&e.title));
            Ok(())
        }
        EpisodeAction::Remove { review, id } => {
            open_to_change(&review)?.remove_episode(id)?;
            tell!("removed episode {id}");
            Ok(())
        }
        EpisodeAction::List { review, json } => {
            let list = open(&review)?.episodes()?;
            if json {
                return print_json(&list);
            }
            for c in &list {
                let e = &c.episode;
                say!(
                    "{:>3}  {} – {}  {}  ({} records, {} flags{})",
                    e.id,
                    e.starts.format("%d/%m/%Y"),
                    e.ends.format("%d/%m/%Y"),
                    clean(&e.title),
                    c.records.len(),
                    c.flags.len(),
                    if e.agencies.is_empty() {
                        String::new()
                    } else {
                        format!("; {}", clean(&e.agencies.join(", ")))
                    }
                );
            }
            Ok(())
        }
    }
}
