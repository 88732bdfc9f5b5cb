//! The one door both faces go through. The command line and the desktop
//! app open a review, import into it, analyse it, decide on flags and
//! subjects, and export its report through a [`Session`]; neither holds any
//! logic of its own. A session runs the analysis at most once for each
//! state of the review and holds the result ([`Analysed`]): reading flags,
//! deciding on one, or exporting the PDF (anonymised or not) uses the
//! analysis it holds. Anything that changes what the analysis reads
//! (an import, a subject decision, new rules or taxonomy) lets it go.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::analysis::Analysis;
use crate::extract::Taxonomy;
use crate::flags::rules::threshold;
pub use crate::flags::rules::threshold::{Change as RuleChange, RuleState};
use crate::flags::{self, Flag, Rules, Status};
use crate::import::{self, ImportFile, ImportOptions, ImportReport};
use crate::report::{self, RenderedReport, ReportOptions, ReportProgress};
use crate::store::Protection;
use crate::subjects::{Person, SubjectDecision};
use crate::{Error, Result, Review};

/// An analysis of a review and the flags raised from it, with the
/// reviewer's decisions applied.
#[derive(Clone)]
pub struct Analysed {
    /// The analysis.
    pub analysis: Arc<Analysis>,
    /// Every flag, in timeline order, with decisions and notes applied.
    pub flags: Vec<Flag>,
}

impl Analysed {
    /// Analyses a review and raises its flags. The app runs this on its
    /// own thread, with its own connection, and hands the result to the
    /// session ([`Session::hold`]).
    pub fn of(review: &Review) -> Result<Analysed> {
        let analysis = Analysis::for_review(review)?;
        let flags = flags::for_review(review, &analysis)?;
        Ok(Analysed {
            analysis: Arc::new(analysis),
            flags,
        })
    }

    /// The flag with this id.
    pub fn flag(&self, id: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.id == id)
    }
}

/// How to export the report.
#[derive(Clone, Debug)]
pub struct ExportOptions {
    /// The protective marking in every header and footer.
    pub marking: String,
    /// Replace every name the review knows with its code.
    pub anonymise: bool,
    /// Print the reviewer's notes under their records in the chronology.
    pub notes: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            marking: report::DEFAULT_MARKING.to_string(),
            anonymise: false,
            notes: false,
        }
    }
}

/// A decision on a flag.
#[derive(Clone, Debug)]
pub enum FlagDecision {
    /// Accepted as a point for the review, optionally with a reason.
    Accept(Option<String>),
    /// Dismissed, with a reason.
    Dismiss(String),
    /// Back to open.
    Reopen,
    /// A note added.
    Annotate(String),
}

/// An open review and the analysis held for it.
pub struct Session {
    review: Review,
    protection: Protection,
    analysed: Option<Arc<Analysed>>,
}

impl Session {
    /// Opens a review.
    pub fn open(path: &Path, protection: Protection) -> Result<Session> {
        let review = Review::open(path, &protection)?;
        Ok(Session {
            review,
            protection,
            analysed: None,
        })
    }

    /// Creates a new review.
    pub fn create(path: &Path, title: &str, protection: Protection) -> Result<Session> {
        Session::create_by(path, title, protection, None)
    }

    /// Creates a new review, its first audit entry made by `reviewer` when
    /// given (see [`Session::set_reviewer`]).
    pub fn create_by(
        path: &Path,
        title: &str,
        protection: Protection,
        reviewer: Option<&str>,
    ) -> Result<Session> {
        let review = Review::create_by(path, title, &protection, reviewer)?;
        Ok(Session {
            review,
            protection,
            analysed: None,
        })
    }

    /// Names the reviewer making changes through this session: the audit
    /// log records the name with every change from now on.
    pub fn set_reviewer(&mut self, name: &str) -> Result<()> {
        self.review.set_reviewer(name)
    }

    /// The review's audit trail, oldest first: who did what, and when.
    pub fn audit_trail(&self) -> Result<Vec<crate::store::audit::Entry>> {
        self.review.audit_trail()
    }

    /// The review.
    pub fn review(&self) -> &Review {
        &self.review
    }

    /// The review, to change something the analysis does not read (the
    /// glossary, a backup, a new passphrase).
    pub fn review_mut(&mut self) -> &mut Review {
        &mut self.review
    }

    /// Where the review is.
    pub fn path(&self) -> PathBuf {
        self.review.path().to_path_buf()
    }

    /// How the review was opened (to open another connection to it).
    pub fn protection(&self) -> &Protection {
        &self.protection
    }

    /// The analysis of the review as it is now: the one held, or run now
    /// and held.
    pub fn analysed(&mut self) -> Result<Arc<Analysed>> {
        if let Some(a) = &self.analysed {
            return Ok(Arc::clone(a));
        }
        let a = Arc::new(Analysed::of(&self.review)?);
        self.analysed = Some(Arc::clone(&a));
        Ok(a)
    }

    /// The analysis held, if there is one, without running it.
    pub fn held(&self) -> Option<Arc<Analysed>> {
        self.analysed.clone()
    }

    /// Holds an analysis run elsewhere (on another thread) of the review as
    /// it is now.
    pub fn hold(&mut self, analysed: Arc<Analysed>) {
        self.analysed = Some(analysed);
    }

    /// Lets the held analysis go: the review changed.
    pub fn forget_analysis(&mut self) {
        self.analysed = None;
    }

    /// Imports files (one transaction for all of them).
    pub fn import(
        &mut self,
        files: &[ImportFile],
        opts: &ImportOptions,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Vec<ImportReport>> {
        let reports = import::import_files(&mut self.review, files, opts, progress)?;
        self.forget_analysis();
        self.review.settle()?;
        Ok(reports)
    }

    /// Records a reviewer's decision about subjects.
    pub fn decide_subject(&mut self, decision: &SubjectDecision) -> Result<()> {
        self.review.add_subject_decision(decision)?;
        self.forget_analysis();
        self.review.settle()
    }

    /// Corrects what was read in a record: adds or removes a fact, checked
    /// against the analysis and kept in its canonical terms (the record
    /// itself never changes). The analysis is run again with it.
    pub fn correct(
        &mut self,
        record: i64,
        change: crate::store::Change,
        fact: &crate::store::Fact,
        reason: &str,
    ) -> Result<crate::store::Correction> {
        let fact = self.analysed()?.analysis.check_correction(record, fact)?;
        let made = self.review.correct(record, change, &fact, reason)?;
        self.forget_analysis();
        self.review.settle()?;
        Ok(made)
    }

    /// Withdraws a correction: the record is read as the analysis reads it.
    pub fn withdraw_correction(&mut self, id: i64) -> Result<crate::store::Correction> {
        let old = self.review.withdraw_correction(id)?;
        self.forget_analysis();
        self.review.settle()?;
        Ok(old)
    }

    /// What was read in a record, fact by fact with its words, and what the
    /// reviewer changed.
    pub fn reading(&mut self, record: i64) -> Result<crate::analysis::RecordReading> {
        self.analysed()?
            .analysis
            .reading(record)
            .ok_or_else(|| Error::Invalid(format!("there is no record {record}")))
    }

    /// Adds the reviewer's note to a record (the record itself never
    /// changes; notes do not change the analysis).
    pub fn add_record_note(&mut self, record: i64, text: &str) -> Result<crate::store::RecordNote> {
        let note = self.review.add_record_note(record, text)?;
        self.review.settle()?;
        Ok(note)
    }

    /// Removes a note from a record.
    pub fn remove_record_note(&mut self, id: i64) -> Result<()> {
        self.review.remove_record_note(id)?;
        self.review.settle()
    }

    /// Every note on the records, by record then oldest first.
    pub fn record_notes(&self) -> Result<Vec<crate::store::RecordNote>> {
        self.review.record_notes()
    }

    /// Adds a key practice episode.
    pub fn add_episode(
        &mut self,
        draft: &crate::store::EpisodeDraft,
    ) -> Result<crate::store::Episode> {
        let e = self.review.add_episode(draft)?;
        self.review.settle()?;
        Ok(e)
    }

    /// Changes a key practice episode.
    pub fn edit_episode(
        &mut self,
        id: i64,
        draft: &crate::store::EpisodeDraft,
    ) -> Result<crate::store::Episode> {
        let e = self.review.edit_episode(id, draft)?;
        self.review.settle()?;
        Ok(e)
    }

    /// Removes a key practice episode.
    pub fn remove_episode(&mut self, id: i64) -> Result<()> {
        self.review.remove_episode(id)?;
        self.review.settle()
    }

    /// Every key practice episode with the records that fall in it (in its
    /// period, of its agencies) and the flags raised on them.
    pub fn episodes(&mut self) -> Result<Vec<EpisodeContents>> {
        let analysed = self.analysed()?;
        let mut out = Vec::new();
        for episode in self.review.episodes()? {
            let records = crate::filter::episode_records(&analysed.analysis, &episode);
            let flags = crate::filter::episode_flags(&analysed.flags, &records);
            out.push(EpisodeContents {
                episode,
                records,
                flags,
            });
        }
        Ok(out)
    }

    /// Adds one of the panel's findings; the flags it rests on must be ones
    /// the analysis raises (or the reviewer has decided).
    pub fn add_finding(
        &mut self,
        draft: &crate::store::FindingDraft,
    ) -> Result<crate::store::Finding> {
        self.check_finding_flags(draft)?;
        let f = self.review.add_finding(draft)?;
        self.review.settle()?;
        Ok(f)
    }

    /// Changes a finding.
    pub fn edit_finding(
        &mut self,
        id: i64,
        draft: &crate::store::FindingDraft,
    ) -> Result<crate::store::Finding> {
        self.check_finding_flags(draft)?;
        let f = self.review.edit_finding(id, draft)?;
        self.review.settle()?;
        Ok(f)
    }

    /// Removes a finding.
    pub fn remove_finding(&mut self, id: i64) -> Result<()> {
        self.review.remove_finding(id)?;
        self.review.settle()
    }

    /// The panel's findings, in the order they were made.
    pub fn findings(&self) -> Result<Vec<crate::store::Finding>> {
        self.review.findings()
    }

    /// Refuses a finding resting on a flag the review does not have.
    fn check_finding_flags(&mut self, draft: &crate::store::FindingDraft) -> Result<()> {
        let Some(ids) = &draft.flags else {
            return Ok(());
        };
        let analysed = self.analysed()?;
        for id in ids {
            let known = analysed
                .flags
                .iter()
                .any(|f| f.id == *id || f.also.iter().any(|r| r.id == *id));
            if !known {
                return Err(Error::Invalid(format!(
                    "there is no flag {id} (`sightline flags` lists them)"
                )));
            }
        }
        Ok(())
    }

    /// Declares a person of the family; resolution starts from them.
    pub fn declare_person(&mut self, person: &Person) -> Result<()> {
        self.review.declare_person(person)?;
        self.forget_analysis();
        self.review.settle()
    }

    /// Stores the review's own rules file.
    pub fn set_rules(&mut self, text: &str) -> Result<()> {
        Rules::store_in(&mut self.review, text)?;
        self.forget_analysis();
        self.review.settle()
    }

    /// Every rule as it stands in this review: whether it is on, and each
    /// threshold's value in force beside its default, with its basis.
    pub fn rules_catalogue(&self) -> Result<Vec<RuleState>> {
        threshold::catalogue(&Rules::text_of_review(&self.review)?)
    }

    /// Changes rules for this review (switches each on or off, or sets one
    /// threshold), keeping the rest of its rules file as it was. Every
    /// change is checked before any is stored: all or nothing.
    pub fn change_rules(&mut self, changes: &[(String, RuleChange)]) -> Result<()> {
        let mut text = Rules::text_of_review(&self.review)?;
        for (rule, change) in changes {
            text = threshold::change(&text, rule, change)?;
        }
        self.set_rules(&text)
    }

    /// Stores the review's own taxonomy.
    pub fn set_taxonomy(&mut self, text: &str) -> Result<()> {
        Taxonomy::store_in(&mut self.review, text)?;
        self.forget_analysis();
        self.review.settle()
    }

    /// Records a decision on a flag of the held analysis and raises the
    /// flags again from it (the analysis itself is not run again). Returns
    /// the flag as it now stands.
    pub fn decide_flag(&mut self, id: &str, decision: &FlagDecision) -> Result<Flag> {
        let current = self.analysed()?;
        let flag = current.flag(id).cloned().ok_or_else(|| {
            Error::Invalid(format!("no flag {id} in {}", self.review.path().display()))
        })?;
        match decision {
            FlagDecision::Accept(reason) => {
                self.review
                    .decide_flag(&flag, Status::Accepted, reason.as_deref())?
            }
            FlagDecision::Dismiss(reason) => {
                self.review
                    .decide_flag(&flag, Status::Dismissed, Some(reason))?
            }
            FlagDecision::Reopen => self.review.decide_flag(&flag, Status::Open, None)?,
            FlagDecision::Annotate(note) => self.review.annotate_flag(&flag, note)?,
        }
        self.review.settle()?;
        let next = Arc::new(Analysed {
            analysis: Arc::clone(&current.analysis),
            flags: flags::for_review(&self.review, &current.analysis)?,
        });
        self.analysed = Some(Arc::clone(&next));
        next.flag(id)
            .cloned()
            .ok_or_else(|| Error::Invalid(format!("no flag {id}")))
    }

    /// Renders the report from the held analysis (running it first only
    /// when none is held). Anonymising builds its redactor from the same
    /// analysis.
    pub fn render_pdf(
        &mut self,
        opts: &ExportOptions,
        progress: &mut dyn FnMut(ReportProgress),
    ) -> Result<RenderedReport> {
        let analysed = self.analysed()?;
        let redact = if opts.anonymise {
            Some(anonymiser(&self.review, &analysed.analysis)?)
        } else {
            None
        };
        let options = ReportOptions {
            marking: opts.marking.clone(),
            redact,
            notes: opts.notes,
        };
        report::export_pdf(&self.review, &analysed.analysis, &options, progress)
    }

    /// The redaction check: every word left in the anonymised text of the
    /// records (and their sources' names) that may still be a name, for the
    /// reviewer to confirm or add to the glossary before anything
    /// anonymised leaves. Refused, like an anonymised export, when no child
    /// has been identified.
    pub fn redaction_check(&mut self) -> Result<Vec<crate::anonymise::check::Leftover>> {
        let analysed = self.analysed()?;
        let a = &analysed.analysis;
        let redact = anonymiser(&self.review, a)?;
        let mut known = crate::anonymise::check::Known::default();
        for agency in &a.agencies {
            known.add(&agency.name);
        }
        for (_, label) in a.subjects.replacements() {
            known.add(&label);
        }
        for e in self.review.glossary()? {
            known.add(&e.code);
        }
        for ind in &a.indicators {
            known.add(&ind.label);
        }
        // The taxonomy's words (indicators, agencies, sharing, meetings,
        // decisions) are the chronologies' own vocabulary.
        let taxonomy = crate::extract::Taxonomy::of_review(&self.review)?;
        if let Ok(words) = toml::to_string(&taxonomy) {
            for line in words.lines().filter(|l| !l.contains("(?")) {
                known.add(line);
            }
        }
        let mut texts: Vec<String> = Vec::new();
        for r in &a.records {
            texts.push(redact(&r.text));
            for t in [&r.outcome, &r.author, &r.event_type].into_iter().flatten() {
                texts.push(redact(t));
            }
        }
        for s in self.review.sources()? {
            texts.push(redact(&s.file_name));
        }
        Ok(crate::anonymise::check::leftovers(
            texts.iter().map(String::as_str),
            &known,
        ))
    }

    /// Writes the working papers (the merged chronology as an XLSX
    /// workbook) to `path`, whole or not at all, recording the export in
    /// the review; anonymised like the report when asked. Refuses to
    /// replace a file that is not a workbook (such as the review itself).
    pub fn export_xlsx(&mut self, path: &Path, anonymise: bool) -> Result<crate::papers::Papers> {
        self.export_papers(path, anonymise, false)
    }

    /// Writes the working papers as a Word document (one table, landscape),
    /// as [`Session::export_xlsx`] does the workbook.
    pub fn export_docx(&mut self, path: &Path, anonymise: bool) -> Result<crate::papers::Papers> {
        self.export_papers(path, anonymise, true)
    }

    fn export_papers(
        &mut self,
        path: &Path,
        anonymise: bool,
        docx: bool,
    ) -> Result<crate::papers::Papers> {
        let analysed = self.analysed()?;
        let redact = if anonymise {
            Some(anonymiser(&self.review, &analysed.analysis)?)
        } else {
            None
        };
        let (papers, format, what) = if docx {
            let p =
                crate::papers::chronology_docx(&self.review, &analysed.analysis, redact.as_ref())?;
            (p, "docx", "a Word document")
        } else {
            let p =
                crate::papers::chronology_xlsx(&self.review, &analysed.analysis, redact.as_ref())?;
            (p, "xlsx", "a workbook")
        };
        crate::files::refuse_to_replace(path, b"PK\x03\x04", what)?;
        let mut staged = crate::files::Staged::beside(path)?;
        staged.write_all(&papers.bytes)?;
        let sha256 = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&papers.bytes));
        self.review
            .record_export(path, &sha256, format, "", anonymise, &mut || {
                staged.publish()
            })?;
        Ok(papers)
    }

    /// Renders the report and writes it to `path` (whole, or not at all),
    /// recording the export in the review.
    pub fn export_pdf(
        &mut self,
        path: &Path,
        opts: &ExportOptions,
        progress: &mut dyn FnMut(ReportProgress),
    ) -> Result<RenderedReport> {
        let rendered = self.render_pdf(opts, progress)?;
        let mut staged = report::stage_pdf(path, &rendered)?;
        self.review.record_export(
            path,
            &rendered.sha256,
            "pdf",
            &opts.marking,
            opts.anonymise,
            &mut || staged.publish(),
        )?;
        Ok(rendered)
    }
}

/// A key practice episode with what falls in it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct EpisodeContents {
    /// The episode as the panel wrote it.
    #[serde(flatten)]
    pub episode: crate::store::Episode,
    /// The records in its period (of its agencies, when it names any), in
    /// timeline order.
    pub records: Vec<i64>,
    /// The flags raised on those records.
    pub flags: Vec<String>,
}

/// The redactor for an anonymised export, refused when the review knows of
/// no child: the anonymiser replaces the names of the people it knows, so
/// with no child among them the child's name would go out unreplaced.
fn anonymiser(review: &Review, a: &Analysis) -> Result<report::Redactor> {
    if a.children().is_empty() {
        return Err(Error::Invalid(
            "no child has been identified in this review, so an anonymised export could still \
             name them; declare the child (sightline person add REVIEW \"NAME\" --role child, \
             or Add a person in the Subjects screen) and export again"
                .into(),
        ));
    }
    report::anonymising_redactor(review, a)
}
