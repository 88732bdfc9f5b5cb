//! The command line's arguments: every command, its options and their
//! help text (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Merge agencies' chronologies for a child safeguarding practice review and
/// see who knew what, and when.
///
/// The review's passphrase is read from SIGHTLINE_PASSPHRASE, or asked for
/// at the terminal; it is never given as an argument.
#[derive(Parser)]
#[command(name = "sightline", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Create a new, empty review file.
    New(NewArgs),
    /// Import one or more chronology files (CSV, XLSX, DOCX, JSON) from one agency.
    Import(ImportArgs),
    /// List the records as imported.
    Records(RecordsArgs),
    /// The merged timeline of every agency's records, with periods of no contact
    /// and events recorded by several agencies.
    Timeline(TimelineArgs),
    /// One record in full: its cells, and what the analysis read from it.
    Record(RecordArgs),
    /// The people the review is about, resolved across agencies.
    Subjects(SubjectsArgs),
    /// Correct the subjects: merge two names, split them, or label a person.
    /// Declare the family the review is about (or list it): resolution
    /// starts from these people.
    Person(PersonArgs),
    Subject(SubjectArgs),
    /// The names (mostly professionals') an anonymised report replaces with codes.
    Glossary(GlossaryArgs),
    /// Who knew what, and when: the earliest time each agency knew each indicator.
    Knowledge(KnowledgeArgs),
    /// The points where shared information could have changed an outcome.
    Flags(FlagsArgs),
    /// Accept, dismiss or annotate a flag.
    Flag(FlagArgs),
    /// Add, remove or list the reviewer's notes on records.
    Note(NoteArgs),
    /// Correct what was read in a record: add or remove an indicator (and
    /// whom it is about), a sharing event, attendance at a meeting, a
    /// meeting, a decision, a person, whether the child was seen; or undo a
    /// correction. The record never changes; every analysis applies the
    /// correction.
    Fact(FactArgs),
    /// What was read in a record, fact by fact with the words it was read
    /// from, and what the reviewer changed.
    Facts(FactsArgs),
    /// The panel's key practice episodes: add, edit, remove, list (with the
    /// records and flags that fall in each).
    Episode(EpisodeArgs),
    /// The panel's findings, each resting on key practice episodes and
    /// flags: add, edit, remove, list.
    Finding(FindingArgs),
    /// Show the rules and thresholds in force, or store an edited copy in the review.
    Rules(RulesArgs),
    /// Show the indicator taxonomy in force, or store an edited copy in the review.
    Taxonomy(TaxonomyArgs),
    /// Check the file's integrity, every source against its hash, and the audit chain.
    Verify(VerifyArgs),
    /// The audit trail: every change to the review, when, and by whom.
    ///
    /// Changes record the reviewer's name from SIGHTLINE_REVIEWER, or as
    /// asked at the terminal, beside the operating-system user.
    Audit(AuditArgs),
    /// Change the review's passphrase, or encrypt an unencrypted review.
    ///
    /// The current passphrase is read from SIGHTLINE_PASSPHRASE (or asked for),
    /// the new one from SIGHTLINE_NEW_PASSPHRASE (or asked for twice); never
    /// from an argument.
    Rekey(RekeyArgs),
    /// Write a copy of the review, protected with the same passphrase.
    Backup(BackupArgs),
    /// Write the review report as a PDF (cover, sources, agency involvement,
    /// flags, who knew what when, merged chronology, appendix).
    Export(ExportArgs),
    /// Build the demonstration review from the bundled fictional case.
    Demo(DemoArgs),
    /// Write synthetic agency chronologies of any size, with planted points
    /// and the flags they must raise (expected.json) and a manifest.
    Generate(GenerateArgs),
}

/// The arguments of `new`.
#[derive(Args)]
pub(crate) struct NewArgs {
    /// The review file to create (conventionally NAME.sightline).
    pub review: PathBuf,
    /// The review's title, shown on reports.
    #[arg(long)]
    pub title: Option<String>,
    /// Store the review unencrypted (only for fictional data).
    #[arg(long)]
    pub no_encryption: bool,
}

/// The arguments of `import`.
#[derive(Args)]
pub(crate) struct ImportArgs {
    /// The review file.
    pub review: PathBuf,
    /// The files to import, all in one transaction.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The agency that sent the files (optional for a file with an Agency column).
    #[arg(long)]
    pub agency: Option<String>,
    /// The agency's kind: police, childrens_social_care, health_visiting, gp,
    /// hospital, school, probation, housing, voluntary or other.
    #[arg(long)]
    pub kind: Option<String>,
    /// A mapping profile (TOML) naming the role of columns.
    #[arg(long, value_name = "PROFILE")]
    pub mapping: Option<PathBuf>,
    /// Save the column mapping used (or guessed) as a profile.
    #[arg(long, value_name = "PROFILE")]
    pub save_mapping: Option<PathBuf>,
    /// The sheet to read from a workbook, or the table from a Word
    /// document ("Table 2").
    #[arg(long)]
    pub sheet: Option<String>,
    /// Import the good rows and record each bad row and why, instead of refusing the file.
    #[arg(long)]
    pub skip_bad_rows: bool,
    /// Print the import report as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `records`.
#[derive(Args)]
pub(crate) struct RecordsArgs {
    /// The review file.
    pub review: PathBuf,
    /// Only this agency's records.
    #[arg(long)]
    pub agency: Option<String>,
    /// Print JSON (the documented records shape).
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `timeline`.
#[derive(Args)]
pub(crate) struct TimelineArgs {
    /// The review file.
    pub review: PathBuf,
    /// Report periods with no agency contact longer than this many days.
    #[arg(long, default_value_t = 42)]
    pub gap_days: i64,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `record`.
#[derive(Args)]
pub(crate) struct RecordArgs {
    /// The review file.
    pub review: PathBuf,
    /// The record's id.
    pub id: i64,
}

/// The arguments of `subjects`.
#[derive(Args)]
pub(crate) struct SubjectsArgs {
    /// The review file.
    pub review: PathBuf,
    /// Print JSON (the documented subjects shape).
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `subject`.
#[derive(Args)]
pub(crate) struct SubjectArgs {
    #[command(subcommand)]
    pub action: SubjectAction,
}

/// The arguments of `glossary`.
#[derive(Args)]
pub(crate) struct GlossaryArgs {
    #[command(subcommand)]
    pub action: GlossaryAction,
}

/// The arguments of `knowledge`.
#[derive(Args)]
pub(crate) struct KnowledgeArgs {
    /// The review file.
    pub review: PathBuf,
    /// Only what was known by the end of this date (e.g. 14/07/2021).
    #[arg(long, value_name = "DATE")]
    pub as_at: Option<String>,
    /// Also list what an agency only possibly knew (same-day records
    /// without times, whose order cannot be told), marked as possible.
    #[arg(long)]
    pub possible: bool,
    /// Who knew each piece of information (this injury, recorded on this
    /// date), not each kind: one row per concern and agency that knew it.
    #[arg(long, conflicts_with = "possible")]
    pub by_concern: bool,
    /// Print JSON (the documented knowledge shape).
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `flags`.
#[derive(Args)]
pub(crate) struct FlagsArgs {
    /// The review file.
    pub review: PathBuf,
    /// Print JSON (the documented flags shape).
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `flag`.
#[derive(Args)]
pub(crate) struct FlagArgs {
    #[command(subcommand)]
    pub action: FlagAction,
}

/// The arguments of `rules`.
#[derive(Args)]
pub(crate) struct RulesArgs {
    /// The review file.
    pub review: PathBuf,
    /// An edited rules file (TOML) to store in the review.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["list", "off", "on", "threshold"])]
    pub set: Option<PathBuf>,
    /// List every rule: on or off, its thresholds in force with their
    /// defaults and where each figure comes from, and how it sets severity.
    #[arg(long)]
    pub list: bool,
    /// Switch a rule off for this review (its id, as in `--list`).
    #[arg(long, value_name = "RULE")]
    pub off: Vec<String>,
    /// Switch a rule back on.
    #[arg(long, value_name = "RULE")]
    pub on: Vec<String>,
    /// Set one threshold for this review: RULE.SETTING=VALUE
    /// (e.g. no-strategy-discussion.working_days=1).
    #[arg(long, value_name = "RULE.SETTING=VALUE")]
    pub threshold: Vec<String>,
    /// With --list: print JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `taxonomy`.
#[derive(Args)]
pub(crate) struct TaxonomyArgs {
    /// The review file.
    pub review: PathBuf,
    /// An edited taxonomy (TOML) to store in the review.
    #[arg(long, value_name = "FILE")]
    pub set: Option<PathBuf>,
}

/// The arguments of `verify`.
#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The review file.
    pub review: PathBuf,
    /// Print the checks as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `note`.
#[derive(Args)]
pub(crate) struct NoteArgs {
    #[command(subcommand)]
    pub action: NoteAction,
}

/// What `note` does.
#[derive(Subcommand)]
pub(crate) enum NoteAction {
    /// Add a note to a record (the record itself never changes).
    Add {
        /// The review file.
        review: PathBuf,
        /// The record's number (as `records` and `record` give it).
        record: i64,
        /// The note.
        text: String,
    },
    /// Remove a note (the audit log keeps what it said).
    Remove {
        /// The review file.
        review: PathBuf,
        /// The note's number (as `note list` gives it).
        id: i64,
    },
    /// List the notes, by record.
    List {
        /// The review file.
        review: PathBuf,
        /// Only the notes on this record.
        #[arg(long)]
        record: Option<i64>,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The arguments of `fact`.
#[derive(Args)]
pub(crate) struct FactArgs {
    #[command(subcommand)]
    pub action: FactAction,
}

/// What `fact` does.
#[derive(Subcommand)]
pub(crate) enum FactAction {
    /// The record says this, whatever was read.
    Add {
        /// The review file.
        review: PathBuf,
        /// The record's number (as `records` and `facts` give it).
        record: i64,
        #[command(flatten)]
        fact: FactSpec,
    },
    /// The record does not say this, whatever was read.
    Remove {
        /// The review file.
        review: PathBuf,
        /// The record's number.
        record: i64,
        #[command(flatten)]
        fact: FactSpec,
    },
    /// Withdraw a correction: the record is read as the analysis reads it.
    Undo {
        /// The review file.
        review: PathBuf,
        /// The correction's number (as `facts` gives it).
        correction: i64,
    },
}

/// One fact of a record: give exactly one of the options that name a fact.
#[derive(Args)]
pub(crate) struct FactSpec {
    /// An indicator of the taxonomy, by id or label ("injury").
    #[arg(long, value_name = "INDICATOR")]
    pub indicator: Option<String>,
    /// With --indicator: whom it is about (repeat for several). Alone: a
    /// person the record is about.
    #[arg(long, value_name = "PERSON")]
    pub about: Vec<String>,
    /// Information the record's agency passed to this agency.
    #[arg(long, value_name = "AGENCY")]
    pub shared_to: Option<String>,
    /// Information this agency passed to the record's agency.
    #[arg(long, value_name = "AGENCY")]
    pub shared_from: Option<String>,
    /// Information both learned (a conversation).
    #[arg(long, value_name = "AGENCY")]
    pub shared_with: Option<String>,
    /// With a sharing: how (phone, email, referral, letter, meeting, ...).
    #[arg(long = "by", value_name = "METHOD")]
    pub method: Option<String>,
    /// With a sharing: on which day, when not the record's own
    /// (12/03/2021 or 2021-03-12).
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
    /// An agency attended the record's meeting.
    #[arg(long, value_name = "AGENCY")]
    pub attended: Option<String>,
    /// An agency was absent from the record's meeting.
    #[arg(long, value_name = "AGENCY")]
    pub absent: Option<String>,
    /// The record is a meeting of this kind, held (strategy_discussion,
    /// initial_cp_conference, review_cp_conference, core_group, ...).
    #[arg(long, value_name = "KIND")]
    pub meeting: Option<String>,
    /// A decision (no_further_action, case_closed, threshold_not_met,
    /// step_down, discharged, ...).
    #[arg(long, value_name = "KIND")]
    pub decision: Option<String>,
    /// Whether the child was seen: seen_alone, seen or not_seen.
    #[arg(long, value_name = "ANSWER")]
    pub seen: Option<String>,
    /// Why (kept with the correction and in the audit log).
    #[arg(long, default_value = "")]
    pub reason: String,
}

/// The arguments of `facts`.
#[derive(Args)]
pub(crate) struct FactsArgs {
    /// The review file.
    pub review: PathBuf,
    /// The record's number.
    pub record: i64,
    /// Print it as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `episode`.
#[derive(Args)]
pub(crate) struct EpisodeArgs {
    #[command(subcommand)]
    pub action: EpisodeAction,
}

/// The parts of an episode a reviewer writes.
#[derive(Args)]
pub(crate) struct EpisodeParts {
    /// A short title.
    #[arg(long)]
    pub title: Option<String>,
    /// The first day of its period (12/03/2021 or 2021-03-12).
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// The last day of its period.
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// An agency involved (repeat for each; none for every agency).
    #[arg(long = "agency", value_name = "NAME")]
    pub agencies: Vec<String>,
    /// What happened.
    #[arg(long)]
    pub summary: Option<String>,
    /// The panel's analysis of why.
    #[arg(long)]
    pub analysis: Option<String>,
    /// The learning.
    #[arg(long)]
    pub learning: Option<String>,
}

/// What `episode` does.
#[derive(Subcommand)]
pub(crate) enum EpisodeAction {
    /// Add an episode (a title and a period are needed).
    Add {
        /// The review file.
        review: PathBuf,
        #[command(flatten)]
        parts: EpisodeParts,
    },
    /// Change an episode: the parts given.
    Edit {
        /// The review file.
        review: PathBuf,
        /// The episode's number.
        id: i64,
        #[command(flatten)]
        parts: EpisodeParts,
    },
    /// Remove an episode.
    Remove {
        /// The review file.
        review: PathBuf,
        /// The episode's number.
        id: i64,
    },
    /// List the episodes with their records and flags.
    List {
        /// The review file.
        review: PathBuf,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The arguments of `finding`.
#[derive(Args)]
pub(crate) struct FindingArgs {
    #[command(subcommand)]
    pub action: FindingAction,
}

/// The parts of a finding a reviewer writes.
#[derive(Args)]
pub(crate) struct FindingParts {
    /// A short title.
    #[arg(long)]
    pub title: Option<String>,
    /// The finding, in the panel's words.
    #[arg(long)]
    pub text: Option<String>,
    /// A key practice episode it rests on, by number (repeat for each).
    #[arg(long = "episode", value_name = "N")]
    pub episodes: Vec<i64>,
    /// A flag it rests on, by id (repeat for each).
    #[arg(long = "flag", value_name = "ID")]
    pub flags: Vec<String>,
}

/// What `finding` does.
#[derive(Subcommand)]
pub(crate) enum FindingAction {
    /// Add a finding (a title is needed).
    Add {
        /// The review file.
        review: PathBuf,
        #[command(flatten)]
        parts: FindingParts,
    },
    /// Change a finding: the parts given (episodes and flags given replace
    /// the ones it had).
    Edit {
        /// The review file.
        review: PathBuf,
        /// The finding's number.
        id: i64,
        #[command(flatten)]
        parts: FindingParts,
    },
    /// Remove a finding.
    Remove {
        /// The review file.
        review: PathBuf,
        /// The finding's number.
        id: i64,
    },
    /// List the findings.
    List {
        /// The review file.
        review: PathBuf,
        /// Print them as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// The arguments of `audit`.
#[derive(Args)]
pub(crate) struct AuditArgs {
    /// The review file.
    pub review: PathBuf,
    /// Print the entries as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The arguments of `rekey`.
#[derive(Args)]
pub(crate) struct RekeyArgs {
    /// The review file.
    pub review: PathBuf,
    /// Remove the encryption instead (only for fictional data).
    #[arg(long)]
    pub no_encryption: bool,
}

/// The arguments of `backup`.
#[derive(Args)]
pub(crate) struct BackupArgs {
    /// The review file.
    pub review: PathBuf,
    /// The backup file to create (never overwritten).
    pub out: PathBuf,
}

/// The arguments of `export`.
#[derive(Args)]
pub(crate) struct ExportArgs {
    /// The review file.
    pub review: PathBuf,
    /// The PDF file to write.
    #[arg(long, value_name = "OUT.pdf", required_unless_present_any = ["xlsx", "docx", "check"])]
    pub pdf: Option<PathBuf>,
    /// The working papers to write: the merged chronology as an XLSX
    /// workbook (date, time, agency, event, outcome, source, flags,
    /// reviewer's notes).
    #[arg(long, value_name = "OUT.xlsx")]
    pub xlsx: Option<PathBuf>,
    /// The working papers as a Word document (one table, landscape).
    #[arg(long, value_name = "OUT.docx")]
    pub docx: Option<PathBuf>,
    /// The protective marking printed on every page.
    #[arg(long, value_name = "TEXT", default_value = "OFFICIAL-SENSITIVE")]
    pub marking: String,
    /// Replace every name with its code ("Child A", "Mother", "SW1").
    #[arg(long)]
    pub anonymise: bool,
    /// Print the reviewer's notes under their records in the chronology.
    #[arg(long)]
    pub notes: bool,
    /// Write nothing: list every word left in the anonymised text that may
    /// still be a name, to confirm or add to the glossary first.
    #[arg(long, requires = "anonymise")]
    pub check: bool,
    /// With --check, print the list as JSON.
    #[arg(long, requires = "check")]
    pub json: bool,
}

/// The arguments of `demo`.
#[derive(Args)]
pub(crate) struct DemoArgs {
    /// Where to write it (default: ./sightline-demo).
    pub dir: Option<PathBuf>,
}

/// The arguments of `generate`.
#[derive(Args)]
pub(crate) struct GenerateArgs {
    /// Directory to write the files into.
    pub out_dir: PathBuf,
    /// Records in all.
    #[arg(long, default_value_t = 10_000)]
    pub records: usize,
    /// Agencies (at least 6).
    #[arg(long, default_value_t = 9)]
    pub agencies: usize,
    /// Seed: the same seed writes the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also create this review and import every file into it.
    #[arg(long)]
    pub review: Option<PathBuf>,
    /// One CSV file from one agency, no planted cases (for comparisons).
    #[arg(long)]
    pub single_csv: bool,
}

#[derive(Subcommand)]
pub(crate) enum FlagAction {
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
pub(crate) enum SubjectAction {
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
pub(crate) enum GlossaryAction {
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

/// The arguments of `person`.
#[derive(Args)]
pub(crate) struct PersonArgs {
    #[command(subcommand)]
    pub action: PersonAction,
}

#[derive(Subcommand)]
pub(crate) enum PersonAction {
    /// Declare a person of the family.
    Add {
        /// The review file.
        review: PathBuf,
        /// Their name, as the reviewer knows it.
        name: String,
        /// child, sibling, parent, mother, father, partner or other.
        #[arg(long)]
        role: String,
        /// Another name they go by (nickname, earlier surname, initials); repeat for more.
        #[arg(long = "alias")]
        aliases: Vec<String>,
        /// Their date of birth.
        #[arg(long)]
        dob: Option<String>,
    },
    /// List the declared family.
    List {
        /// The review file.
        review: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}
