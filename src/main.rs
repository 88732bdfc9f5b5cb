//! The `sightline` command line: parses arguments, asks for the passphrase,
//! and translates each command into library calls. No logic lives here.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use sightline::analysis::Analysis;
use sightline::import::{self, ImportOptions, Profile};
use sightline::model::AgencyKind;
use sightline::store::{Protection, RecordFilter};
use sightline::subjects::SubjectDecision;
use sightline::{demo, flags, timeline, Error, Result, Review};

/// mimalloc returns freed memory to the system sooner than the system
/// allocator: the analysis of a million records peaks about 300 MB lower.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Merge agencies' chronologies for a child safeguarding practice review and
/// see who knew what, and when.
///
/// The review's passphrase is read from SIGHTLINE_PASSPHRASE, or asked for
/// at the terminal; it is never given as an argument.
#[derive(Parser)]
#[command(name = "sightline", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new, empty review file.
    New {
        /// The review file to create (conventionally NAME.sightline).
        review: PathBuf,
        /// The review's title, shown on reports.
        #[arg(long)]
        title: Option<String>,
        /// Store the review unencrypted (only for fictional data).
        #[arg(long)]
        no_encryption: bool,
    },
    /// Import one or more chronology files (CSV, XLSX, DOCX, JSON) from one agency.
    Import {
        /// The review file.
        review: PathBuf,
        /// The files to import, all in one transaction.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The agency that sent the files (optional for a file with an Agency column).
        #[arg(long)]
        agency: Option<String>,
        /// The agency's kind: police, childrens_social_care, health_visiting, gp,
        /// hospital, school, probation, housing, voluntary or other.
        #[arg(long)]
        kind: Option<String>,
        /// A mapping profile (TOML) naming the role of columns.
        #[arg(long, value_name = "PROFILE")]
        mapping: Option<PathBuf>,
        /// Save the column mapping used (or guessed) as a profile.
        #[arg(long, value_name = "PROFILE")]
        save_mapping: Option<PathBuf>,
        /// The sheet to read from a workbook.
        #[arg(long)]
        sheet: Option<String>,
        /// Import the good rows and record each bad row and why, instead of refusing the file.
        #[arg(long)]
        skip_bad_rows: bool,
        /// Print the import report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the records as imported.
    Records {
        /// The review file.
        review: PathBuf,
        /// Only this agency's records.
        #[arg(long)]
        agency: Option<String>,
        /// Print JSON (the documented records shape).
        #[arg(long)]
        json: bool,
    },
    /// The merged timeline of every agency's records, with periods of no contact
    /// and events recorded by several agencies.
    Timeline {
        /// The review file.
        review: PathBuf,
        /// Report periods with no agency contact longer than this many days.
        #[arg(long, default_value_t = 42)]
        gap_days: i64,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// One record in full: its cells, and what the analysis read from it.
    Record {
        /// The review file.
        review: PathBuf,
        /// The record's id.
        id: i64,
    },
    /// The people the review is about, resolved across agencies.
    Subjects {
        /// The review file.
        review: PathBuf,
        /// Print JSON (the documented subjects shape).
        #[arg(long)]
        json: bool,
    },
    /// Correct the subjects: merge two names, split them, or label a person.
    Subject {
        #[command(subcommand)]
        action: SubjectAction,
    },
    /// The names (mostly professionals') an anonymised report replaces with codes.
    Glossary {
        #[command(subcommand)]
        action: GlossaryAction,
    },
    /// Who knew what, and when: the earliest time each agency knew each indicator.
    Knowledge {
        /// The review file.
        review: PathBuf,
        /// Only what was known by the end of this date (e.g. 14/07/2021).
        #[arg(long, value_name = "DATE")]
        as_at: Option<String>,
        /// Also list what an agency only possibly knew (same-day records
        /// without times, whose order cannot be told), marked as possible.
        #[arg(long)]
        possible: bool,
        /// Print JSON (the documented knowledge shape).
        #[arg(long)]
        json: bool,
    },
    /// The points where shared information could have changed an outcome.
    Flags {
        /// The review file.
        review: PathBuf,
        /// Print JSON (the documented flags shape).
        #[arg(long)]
        json: bool,
    },
    /// Accept, dismiss or annotate a flag.
    Flag {
        #[command(subcommand)]
        action: FlagAction,
    },
    /// Show the rules and thresholds in force, or store an edited copy in the review.
    Rules {
        /// The review file.
        review: PathBuf,
        /// An edited rules file (TOML) to store in the review.
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
    },
    /// Show the indicator taxonomy in force, or store an edited copy in the review.
    Taxonomy {
        /// The review file.
        review: PathBuf,
        /// An edited taxonomy (TOML) to store in the review.
        #[arg(long, value_name = "FILE")]
        set: Option<PathBuf>,
    },
    /// Check the file's integrity, every source against its hash, and the audit chain.
    Verify {
        /// The review file.
        review: PathBuf,
        /// Print the checks as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change the review's passphrase, or encrypt an unencrypted review.
    ///
    /// The current passphrase is read from SIGHTLINE_PASSPHRASE (or asked for),
    /// the new one from SIGHTLINE_NEW_PASSPHRASE (or asked for twice); never
    /// from an argument.
    Rekey {
        /// The review file.
        review: PathBuf,
        /// Remove the encryption instead (only for fictional data).
        #[arg(long)]
        no_encryption: bool,
    },
    /// Write a copy of the review, protected with the same passphrase.
    Backup {
        /// The review file.
        review: PathBuf,
        /// The backup file to create (never overwritten).
        out: PathBuf,
    },
    /// Write the review report as a PDF (cover, sources, agency involvement,
    /// flags, who knew what when, merged chronology, appendix).
    Export {
        /// The review file.
        review: PathBuf,
        /// The PDF file to write.
        #[arg(long, value_name = "OUT.pdf")]
        pdf: PathBuf,
        /// The protective marking printed on every page.
        #[arg(long, value_name = "TEXT", default_value = "OFFICIAL-SENSITIVE")]
        marking: String,
        /// Replace every name with its code ("Child A", "Mother", "SW1").
        #[arg(long)]
        anonymise: bool,
    },
    /// Build the demonstration review from the bundled fictional case.
    Demo {
        /// Where to write it (default: ./sightline-demo).
        dir: Option<PathBuf>,
    },
    /// Write synthetic agency chronologies of any size, with planted points
    /// and the flags they must raise (expected.json) and a manifest.
    Generate {
        /// Directory to write the files into.
        out_dir: PathBuf,
        /// Records in all.
        #[arg(long, default_value_t = 10_000)]
        records: usize,
        /// Agencies (at least 6).
        #[arg(long, default_value_t = 9)]
        agencies: usize,
        /// Seed: the same seed writes the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Also create this review and import every file into it.
        #[arg(long)]
        review: Option<PathBuf>,
        /// One CSV file from one agency, no planted cases (for comparisons).
        #[arg(long)]
        single_csv: bool,
    },
}

#[derive(Subcommand)]
enum FlagAction {
    /// Accept a flag as a point for the review.
    Accept {
        /// The review file.
        review: PathBuf,
        /// The flag's id (from `flags`).
        flag: String,
        /// Why (optional).
        #[arg(long)]
        reason: Option<String>,
    },
    /// Dismiss a flag, with a reason.
    Dismiss {
        /// The review file.
        review: PathBuf,
        /// The flag's id (from `flags`).
        flag: String,
        /// Why it is dismissed.
        #[arg(long, required = true)]
        reason: String,
    },
    /// Reopen a flag that was accepted or dismissed.
    Reopen {
        /// The review file.
        review: PathBuf,
        /// The flag's id.
        flag: String,
    },
    /// Add a note to a flag.
    Annotate {
        /// The review file.
        review: PathBuf,
        /// The flag's id.
        flag: String,
        /// The note.
        #[arg(long, required = true)]
        note: String,
    },
}

#[derive(Subcommand)]
enum SubjectAction {
    /// Two names are the same person.
    Merge {
        /// The review file.
        review: PathBuf,
        /// A name as `subjects` lists it.
        a: String,
        /// Another name.
        b: String,
    },
    /// Two names are different people.
    Split {
        /// The review file.
        review: PathBuf,
        /// A name as `subjects` lists it.
        a: String,
        /// Another name.
        b: String,
    },
    /// Give the person with this name a label (e.g. "Father") and role.
    Label {
        /// The review file.
        review: PathBuf,
        /// A name of the person.
        name: String,
        /// The label, e.g. "Father".
        label: String,
        /// child, sibling, parent, partner or other_adult.
        #[arg(long)]
        role: Option<String>,
    },
}

#[derive(Subcommand)]
enum GlossaryAction {
    /// Every glossary entry.
    List {
        /// The review file.
        review: PathBuf,
        /// Print JSON (an array of entries).
        #[arg(long)]
        json: bool,
    },
    /// Add a name and the code that replaces it (e.g. "Jade Okafor" "SW1").
    Add {
        /// The review file.
        review: PathBuf,
        /// The name as written in the records.
        name: String,
        /// The code, e.g. "SW1".
        code: String,
        /// professional, person or place.
        #[arg(long, default_value = "professional")]
        kind: String,
    },
    /// Change an entry's name or code.
    Set {
        /// The review file.
        review: PathBuf,
        /// The entry's id (as `glossary list` shows it).
        id: i64,
        /// The new name.
        #[arg(long)]
        name: Option<String>,
        /// The new code.
        #[arg(long)]
        code: Option<String>,
    },
    /// Remove an entry.
    Remove {
        /// The review file.
        review: PathBuf,
        /// The entry's id.
        id: i64,
    },
    /// Names in the records that look like professionals', with counts and
    /// suggested codes. Adds nothing.
    Propose {
        /// The review file.
        review: PathBuf,
        /// Print JSON (an array of proposals).
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let mut err = io::stderr().lock();
            let _ = writeln!(err, "sightline: {e}");
            if let Error::ImportRefused { errors, .. } = &e {
                for row in errors {
                    let _ = writeln!(err, "  {row}");
                }
            }
            ExitCode::FAILURE
        }
    }
}

/// The passphrase for a review: SIGHTLINE_PASSPHRASE, or a prompt.
fn passphrase(path: &Path, confirm: bool) -> Result<String> {
    if let Ok(p) = std::env::var("SIGHTLINE_PASSPHRASE") {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    if !io::stdin().is_terminal() {
        return Err(Error::PassphraseNeeded {
            path: path.to_owned(),
        });
    }
    let prompt = format!("Passphrase for {}: ", path.display());
    let p = rpassword::prompt_password(prompt).map_err(|e| Error::io(path, e))?;
    if confirm {
        let again = rpassword::prompt_password("Repeat the passphrase: ")
            .map_err(|e| Error::io(path, e))?;
        if again != p {
            return Err(Error::Invalid("the two passphrases differ".into()));
        }
    }
    Ok(p)
}

fn open(path: &Path) -> Result<Review> {
    open_with_protection(path).map(|(review, _)| review)
}

/// Opens a review and returns the protection it was opened with.
fn open_with_protection(path: &Path) -> Result<(Review, Protection)> {
    let protection = if Review::is_encrypted(path)? {
        Protection::Passphrase(passphrase(path, false)?)
    } else {
        Protection::None
    };
    let review = Review::open(path, &protection)?;
    Ok((review, protection))
}

/// The new passphrase for a review: SIGHTLINE_NEW_PASSPHRASE, or a prompt
/// asked twice.
fn new_passphrase(path: &Path) -> Result<String> {
    if let Ok(p) = std::env::var("SIGHTLINE_NEW_PASSPHRASE") {
        if !p.is_empty() {
            return Ok(p);
        }
    }
    if !io::stdin().is_terminal() {
        return Err(Error::Invalid(format!(
            "{}: set SIGHTLINE_NEW_PASSPHRASE or run in a terminal to be asked for the new passphrase",
            path.display()
        )));
    }
    let prompt = format!("New passphrase for {}: ", path.display());
    let p = rpassword::prompt_password(prompt).map_err(|e| Error::io(path, e))?;
    let again = rpassword::prompt_password("Repeat the new passphrase: ")
        .map_err(|e| Error::io(path, e))?;
    if again != p {
        return Err(Error::Invalid(
            "the two new passphrases differ; nothing was changed".into(),
        ));
    }
    Ok(p)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value)
        .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))?;
    writeln!(out).map_err(|e| Error::io("stdout", e))?;
    out.flush().map_err(|e| Error::io("stdout", e))
}

/// `timeline --json`: entries are written one at a time, never all held
/// as JSON values at once.
#[derive(serde::Serialize)]
struct TimelineJson<'a> {
    entries: Entries<'a>,
    gaps: &'a [timeline::Gap],
    events: &'a [timeline::Event],
}

/// The timeline's records in merged order, each with its linked event.
struct Entries<'a> {
    records: &'a [sightline::model::Record],
    event_of: &'a std::collections::HashMap<i64, usize>,
}

impl serde::Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = s.serialize_seq(Some(self.records.len()))?;
        for r in self.records {
            let mut v = serde_json::to_value(r).map_err(serde::ser::Error::custom)?;
            if let Some(o) = v.as_object_mut() {
                o.remove("original");
                o.insert("event".into(), serde_json::json!(self.event_of.get(&r.id)));
            }
            seq.serialize_element(&v)?;
        }
        seq.end()
    }
}

fn progress_bar() -> Option<ProgressBar> {
    if !io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} {pos} rows ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message("importing");
    Some(bar)
}

fn run(command: Command) -> Result<()> {
    match command {
        Command::New {
            review,
            title,
            no_encryption,
        } => {
            let protection = if no_encryption {
                Protection::None
            } else {
                Protection::Passphrase(passphrase(&review, true)?)
            };
            let title = title.unwrap_or_else(|| {
                review
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default()
            });
            Review::create(&review, &title, &protection)?;
            eprintln!("created {}", review.display());
            Ok(())
        }
        Command::Import {
            review,
            files,
            agency,
            kind,
            mapping,
            save_mapping,
            sheet,
            skip_bad_rows,
            json,
        } => {
            let kind = kind
                .map(|k| k.parse::<AgencyKind>().map_err(Error::Invalid))
                .transpose()?;
            let profile = mapping
                .map(|p| -> Result<Profile> {
                    let text = std::fs::read_to_string(&p).map_err(|e| Error::io(&p, e))?;
                    Profile::from_toml(&p.display().to_string(), &text).map_err(Error::Invalid)
                })
                .transpose()?;
            let opts = ImportOptions {
                agency,
                kind,
                profile,
                sheet,
                skip_bad_rows,
            };
            let files = import::read_files(&files)?;
            if let Some(out) = save_mapping {
                let first = files
                    .first()
                    .ok_or_else(|| Error::Invalid("no file to import".into()))?;
                let profile = import::guess_profile(first, &opts)?;
                std::fs::write(&out, profile.to_toml()).map_err(|e| Error::io(&out, e))?;
                eprintln!("saved the column mapping to {}", out.display());
            }
            let mut review = open(&review)?;
            let bar = progress_bar();
            let result = import::import_files(&mut review, &files, &opts, &mut |n| {
                if let Some(b) = &bar {
                    b.set_position(n as u64);
                }
            });
            if let Some(b) = bar {
                b.finish_and_clear();
            }
            let reports = match result {
                Ok(r) => r,
                Err(e) => {
                    if json {
                        if let Error::ImportRefused { file, errors } = &e {
                            print_json(&serde_json::json!({
                                "source": file,
                                "imported": 0,
                                "refused": true,
                                "rejected": errors,
                            }))?;
                        }
                    }
                    return Err(e);
                }
            };
            if json {
                if reports.len() == 1 {
                    print_json(&reports[0])?;
                } else {
                    print_json(&reports)?;
                }
            } else {
                for r in &reports {
                    println!(
                        "{}: {} of {} rows imported{}{}",
                        r.source,
                        r.imported,
                        r.rows_read,
                        r.agency
                            .as_ref()
                            .map(|a| format!(" for {a}"))
                            .unwrap_or_default(),
                        if r.rejected.is_empty() {
                            String::new()
                        } else {
                            format!(", {} skipped", r.rejected.len())
                        }
                    );
                    for e in &r.rejected {
                        println!("  skipped {e}");
                    }
                }
            }
            Ok(())
        }
        Command::Records {
            review,
            agency,
            json,
        } => {
            let review = open(&review)?;
            let filter = RecordFilter { agency };
            let mut out = io::BufWriter::new(io::stdout().lock());
            let w = |e: io::Error| Error::io("stdout", e);
            if json {
                out.write_all(b"[").map_err(w)?;
                let mut first = true;
                review.for_each_record(&filter, |r| {
                    if !first {
                        out.write_all(b",").map_err(w)?;
                    }
                    first = false;
                    out.write_all(b"\n  ").map_err(w)?;
                    serde_json::to_writer(&mut out, &r)
                        .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))
                })?;
                out.write_all(b"\n]\n").map_err(w)?;
            } else {
                review.for_each_record(&filter, |r| {
                    let text: String = r.text.chars().take(100).collect();
                    writeln!(
                        out,
                        "{:>6}  {:<25}  {:<28}  {}",
                        r.id,
                        r.when.canonical(),
                        r.agency,
                        text.replace('\n', " ")
                    )
                    .map_err(w)
                })?;
            }
            out.flush().map_err(w)
        }
        Command::Timeline {
            review,
            gap_days,
            json,
        } => {
            let review = open(&review)?;
            let mut records = review.records_without_cells(&RecordFilter::default())?;
            let opts = timeline::TimelineOptions {
                gap_days,
                ..Default::default()
            };
            let t = timeline::build(&mut records, &opts);
            let event_of: std::collections::HashMap<i64, usize> = t
                .events
                .iter()
                .flat_map(|e| e.records.iter().map(move |r| (*r, e.id)))
                .collect();
            if json {
                print_json(&TimelineJson {
                    entries: Entries {
                        records: &records,
                        event_of: &event_of,
                    },
                    gaps: &t.gaps,
                    events: &t.events,
                })?;
            } else {
                let mut gaps = t.gaps.iter().peekable();
                let mut out = io::BufWriter::new(io::stdout().lock());
                let w = |e: io::Error| Error::io("stdout", e);
                for r in &records {
                    if let Some(g) = gaps.peek() {
                        if g.before_record == r.id {
                            writeln!(
                                out,
                                "        ---- {} days with no agency contact ({} to {}) ----",
                                g.days, g.from, g.to
                            )
                            .map_err(w)?;
                            gaps.next();
                        }
                    }
                    let event = event_of.get(&r.id);
                    let text: String = r.text.chars().take(90).collect();
                    writeln!(
                        out,
                        "{:>6}  {:<26} {:<32} {}{}",
                        r.id,
                        sightline::when::uk_text(&r.when),
                        r.agency,
                        event.map(|e| format!("[event {e}] ")).unwrap_or_default(),
                        text.replace('\n', " ")
                    )
                    .map_err(w)?;
                }
                out.flush().map_err(w)?;
            }
            Ok(())
        }
        Command::Record { review, id } => {
            let review = open(&review)?;
            let a = Analysis::for_review(&review)?;
            let p = *a
                .position
                .get(&id)
                .ok_or_else(|| Error::Invalid(format!("no record {id}")))?;
            let subjects: Vec<&str> = a.record_subjects[p]
                .iter()
                .map(|s| a.subject_label(*s))
                .collect();
            // The analysis reads records without their original cells.
            let whole = review.records_by_id(&[id])?;
            print_json(&serde_json::json!({
                "record": whole.first().unwrap_or(&a.records[p]),
                "subjects": subjects,
                "facts": a.facts[p],
                "event": a.timeline.events.iter().find(|e| e.records.contains(&id)).map(|e| e.id),
            }))
        }
        Command::Subjects { review, json } => {
            let review = open(&review)?;
            let a = Analysis::for_review(&review)?;
            let rows: Vec<serde_json::Value> = a
                .subjects
                .subjects
                .iter()
                .map(|s| {
                    let records = a
                        .record_subjects
                        .iter()
                        .filter(|l| l.contains(&(s.id as i64)))
                        .count();
                    serde_json::json!({
                        "id": s.id,
                        "label": s.label,
                        "role": s.role,
                        "names": s.names.iter().map(|n| n.text.clone()).collect::<Vec<_>>(),
                        "variants": s.names,
                        "dob": s.dob,
                        "records": records,
                    })
                })
                .collect();
            if json {
                print_json(&rows)?;
            } else {
                for s in &a.subjects.subjects {
                    let names: Vec<&str> = s.names.iter().map(|n| n.text.as_str()).collect();
                    println!(
                        "{:<24} {:<12} {:<12} {}",
                        s.label,
                        s.role.as_str(),
                        s.dob.as_deref().unwrap_or("-"),
                        names.join(", ")
                    );
                }
            }
            Ok(())
        }
        Command::Subject { action } => {
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
            let mut review = open(&path)?;
            review.add_subject_decision(&decision)?;
            eprintln!("recorded; the subjects will be resolved with it from now on");
            Ok(())
        }
        Command::Glossary { action } => match action {
            GlossaryAction::List { review, json } => {
                let entries = open(&review)?.glossary()?;
                if json {
                    print_json(&entries)?;
                } else {
                    for e in &entries {
                        println!("{:>4}  {:<12} {:<13} {}", e.id, e.code, e.kind, e.name);
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
                let e = open(&review)?.glossary_add(&name, &code, kind)?;
                eprintln!("added entry {}: {} → {}", e.id, e.name, e.code);
                Ok(())
            }
            GlossaryAction::Set {
                review,
                id,
                name,
                code,
            } => {
                let e = open(&review)?.glossary_set(id, name.as_deref(), code.as_deref())?;
                eprintln!("entry {}: {} → {}", e.id, e.name, e.code);
                Ok(())
            }
            GlossaryAction::Remove { review, id } => {
                open(&review)?.glossary_remove(id)?;
                eprintln!("removed entry {id}");
                Ok(())
            }
            GlossaryAction::Propose { review, json } => {
                let records = open(&review)?.records(&RecordFilter::default())?;
                let proposals = sightline::anonymise::proposals(&records);
                if json {
                    print_json(&proposals)?;
                } else {
                    for p in &proposals {
                        println!("{:>5}  {:<12} {}", p.count, p.code, p.name);
                    }
                }
                Ok(())
            }
        },
        Command::Knowledge {
            review,
            as_at,
            possible,
            json,
        } => {
            let review = open(&review)?;
            let t = as_at
                .map(|d| {
                    sightline::when::parse_when(&d, None)
                        .map(|w| w.bounds().1)
                        .map_err(|e| Error::Invalid(format!("--as-at: {e}")))
                })
                .transpose()?;
            let a = Analysis::for_review(&review)?;
            let rows = if possible {
                a.knowledge_rows_with_possible(t)
            } else {
                a.knowledge_rows(t)
            };
            if json {
                print_json(&rows)?;
            } else {
                for r in &rows {
                    let via = match r.via.as_i64() {
                        Some(id) => format!("via record {id}"),
                        None => "own record".to_string(),
                    };
                    let via = if r.certain {
                        via
                    } else {
                        format!("possibly, {via}")
                    };
                    println!(
                        "{:<32} {:<10} {:<28} {:<26} {}",
                        r.agency, r.subject, r.indicator, r.first_known, via
                    );
                }
            }
            Ok(())
        }
        Command::Flags { review, json } => {
            let review = open(&review)?;
            let a = Analysis::for_review(&review)?;
            let flags = flags::for_review(&review, &a)?;
            if json {
                print_json(&flags)?;
            } else {
                for f in &flags {
                    println!(
                        "{}  {:<28} {:<9} {:<6} {:<26} {}{}",
                        f.id,
                        f.rule,
                        f.status.as_str(),
                        format!("{:?}", f.severity).to_lowercase(),
                        f.at,
                        f.agency,
                        if f.raised { "" } else { " (no longer raised)" }
                    );
                    println!("    {}", f.explanation);
                }
                println!("{} flags", flags.len());
            }
            Ok(())
        }
        Command::Flag { action } => {
            let (path, id) = match &action {
                FlagAction::Accept { review, flag, .. }
                | FlagAction::Dismiss { review, flag, .. }
                | FlagAction::Reopen { review, flag }
                | FlagAction::Annotate { review, flag, .. } => (review.clone(), flag.clone()),
            };
            let mut review = open(&path)?;
            let a = Analysis::for_review(&review)?;
            let all = flags::for_review(&review, &a)?;
            let flag = all
                .into_iter()
                .find(|f| f.id == id)
                .ok_or_else(|| Error::Invalid(format!("no flag {id} in {}", path.display())))?;
            match action {
                FlagAction::Accept { reason, .. } => {
                    review.decide_flag(&flag, flags::Status::Accepted, reason.as_deref())?
                }
                FlagAction::Dismiss { reason, .. } => {
                    review.decide_flag(&flag, flags::Status::Dismissed, Some(&reason))?
                }
                FlagAction::Reopen { .. } => {
                    review.decide_flag(&flag, flags::Status::Open, None)?
                }
                FlagAction::Annotate { note, .. } => review.annotate_flag(&flag, &note)?,
            }
            eprintln!("recorded for flag {id}");
            Ok(())
        }
        Command::Rules { review, set } => {
            let mut review = open(&review)?;
            match set {
                Some(file) => {
                    let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
                    sightline::flags::Rules::store_in(&mut review, &text)?;
                    eprintln!("stored; the analysis uses these rules from now on");
                }
                None => print!("{}", sightline::flags::Rules::text_of_review(&review)?),
            }
            Ok(())
        }
        Command::Taxonomy { review, set } => {
            let mut review = open(&review)?;
            match set {
                Some(file) => {
                    let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
                    sightline::extract::Taxonomy::store_in(&mut review, &text)?;
                    eprintln!("stored; the analysis uses this taxonomy from now on");
                }
                None => print!("{}", sightline::extract::Taxonomy::text_of_review(&review)?),
            }
            Ok(())
        }
        Command::Verify { review, json } => {
            let review = open(&review)?;
            let report = review.verify()?;
            if json {
                print_json(&report)?;
            } else {
                for c in &report.checks {
                    println!(
                        "{} {}: {}",
                        if c.ok { "ok  " } else { "FAIL" },
                        c.name,
                        c.detail
                    );
                }
            }
            let failure = report.failures().next().map(|f| f.detail.clone());
            match failure {
                None => Ok(()),
                Some(detail) => Err(Error::Invalid(format!("verify failed: {detail}"))),
            }
        }
        Command::Rekey {
            review: path,
            no_encryption,
        } => {
            let mut review = open(&path)?;
            if no_encryption {
                review.remove_encryption()?;
                eprintln!("{} is no longer encrypted", path.display());
            } else {
                let new = Protection::Passphrase(new_passphrase(&path)?);
                review.rekey(&new)?;
                eprintln!("{} now opens with the new passphrase only", path.display());
            }
            Ok(())
        }
        Command::Backup { review, out } => {
            let (review, protection) = open_with_protection(&review)?;
            let report = review.backup(&out, &protection)?;
            println!(
                "backed up to {} ({} pages, {}, sha256 {})",
                report.path.display(),
                report.pages,
                if report.encrypted {
                    "encrypted with the review's passphrase"
                } else {
                    "unencrypted, like the review"
                },
                report.sha256
            );
            Ok(())
        }
        Command::Export {
            review,
            pdf,
            marking,
            anonymise,
        } => {
            let mut review = open(&review)?;
            let redact = if anonymise {
                Some(sightline::report::anonymising_redactor(&review)?)
            } else {
                None
            };
            let opts = sightline::report::ReportOptions { marking, redact };
            let report = sightline::report::export_pdf(&review, &opts, &mut |_| {})?;
            sightline::report::write_pdf(&pdf, &report)?;
            review.record_export(&pdf, &report.sha256, &opts.marking, anonymise)?;
            println!(
                "{}: {} pages, sha256 {}",
                pdf.display(),
                report.page_count,
                report.sha256
            );
            Ok(())
        }
        Command::Generate {
            out_dir,
            records,
            agencies,
            seed,
            review,
            single_csv,
        } => {
            let opts = sightline::generate::Options {
                records,
                agencies,
                seed,
                single_csv,
            };
            let (manifest, expected) = sightline::generate::generate(&out_dir, &opts)?;
            println!(
                "{}: {} records in {} files, {} planted cases, {} expected flags",
                out_dir.display(),
                manifest.files.iter().map(|f| f.rows).sum::<usize>(),
                manifest.files.len(),
                manifest.planted_cases,
                expected.len()
            );
            if let Some(path) = review {
                let protection = Protection::Passphrase(passphrase(&path, true)?);
                let mut review = Review::create(&path, "Generated review", &protection)?;
                sightline::generate::import_generated(
                    &mut review,
                    &out_dir,
                    &manifest,
                    &mut |f| eprintln!("importing {f}"),
                )?;
                println!("imported into {}", path.display());
            }
            Ok(())
        }
        Command::Demo { dir } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("sightline-demo"));
            let path = dir.join(demo::FILE_NAME);
            let protection = Protection::Passphrase(passphrase(&path, false)?);
            let review = demo::build(&dir, &protection)?;
            let s = review.summary()?;
            println!("{}", s.title);
            println!("review file: {}", review.path().display());
            println!(
                "{} records from {} agencies in {} files, {} to {}",
                s.records,
                s.agencies.len(),
                s.sources,
                s.first.as_deref().unwrap_or("-"),
                s.last.as_deref().unwrap_or("-")
            );
            for a in &s.agencies {
                println!("  {:<36} {:<22} {:>5} records", a.name, a.kind, a.records);
            }
            Ok(())
        }
    }
}
