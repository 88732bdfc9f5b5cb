//! Commands on the review file itself: create, verify, re-key, back up,
//! its rules and taxonomy, the demonstration and generated reviews.

use std::path::PathBuf;

use sightline::session::{RuleChange, Session};
use sightline::store::Protection;
use sightline::{demo, Error, Result, Review};

use crate::args::*;
use crate::output::*;
use crate::{ask_reviewer, name_reviewer, new_passphrase, open, open_to_change, passphrase};

/// `sightline new`.
pub(crate) fn new(args: NewArgs) -> Result<()> {
    let NewArgs {
        review,
        title,
        no_encryption,
    } = args;
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
    let reviewer = ask_reviewer(&review, None)?;
    Session::create_by(&review, &title, protection, reviewer.as_deref())?;
    tell!("created {}", review.display());
    Ok(())
}

/// `sightline audit`.
pub(crate) fn audit(args: AuditArgs) -> Result<()> {
    let AuditArgs { review, json } = args;
    let trail = open(&review)?.audit_trail()?;
    if json {
        return print_json(&trail);
    }
    for e in &trail {
        say!(
            "{:>4}  {}  {:<24}  {}  {}",
            e.seq,
            e.at,
            e.action,
            clean(&e.actor),
            clean(&e.detail)
        );
    }
    Ok(())
}

/// `sightline verify`.
pub(crate) fn verify(args: VerifyArgs) -> Result<()> {
    let VerifyArgs { review, json } = args;
    let report = open(&review)?.review().verify()?;
    if json {
        print_json(&report)?;
    } else {
        for c in &report.checks {
            say!(
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

/// `sightline rekey`.
pub(crate) fn rekey(args: RekeyArgs) -> Result<()> {
    let RekeyArgs {
        review: path,
        no_encryption,
    } = args;
    let mut session = open_to_change(&path)?;
    let review = session.review_mut();
    if no_encryption {
        review.remove_encryption()?;
        tell!("{} is no longer encrypted", path.display());
    } else {
        let new = Protection::Passphrase(new_passphrase(&path)?);
        review.rekey(&new)?;
        tell!("{} now opens with the new passphrase only", path.display());
    }
    Ok(())
}

/// `sightline backup`.
pub(crate) fn backup(args: BackupArgs) -> Result<()> {
    let BackupArgs { review, out } = args;
    let session = open_to_change(&review)?;
    let report = session.review().backup(&out, session.protection())?;
    say!(
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

/// `sightline rules`.
pub(crate) fn rules(args: RulesArgs) -> Result<()> {
    let RulesArgs {
        review,
        set,
        list,
        off,
        on,
        threshold,
        json,
    } = args;
    let mut session = open(&review)?;
    let mut changes = Vec::new();
    for rule in off {
        changes.push((rule, RuleChange::Enabled(false)));
    }
    for rule in on {
        changes.push((rule, RuleChange::Enabled(true)));
    }
    for t in threshold {
        let parsed = t.split_once('=').and_then(|(k, v)| {
            k.split_once('.')
                .map(|(r, s)| (r.trim().to_string(), s.trim().to_string(), v.to_string()))
        });
        let Some((rule, setting, value)) = parsed else {
            return Err(Error::Invalid(format!(
                "--threshold \"{t}\": write it as RULE.SETTING=VALUE, e.g. no-strategy-discussion.working_days=1"
            )));
        };
        changes.push((rule, RuleChange::Threshold(setting, value)));
    }
    if let Some(file) = set {
        let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
        name_reviewer(&mut session)?;
        session.set_rules(&text)?;
        tell!("stored; the analysis uses these rules from now on");
        return Ok(());
    }
    if !changes.is_empty() {
        // Every change is checked before any is stored: all or nothing.
        name_reviewer(&mut session)?;
        session.change_rules(&changes)?;
        for (rule, change) in &changes {
            match change {
                RuleChange::Enabled(true) => tell!("{rule}: on"),
                RuleChange::Enabled(false) => tell!("{rule}: off"),
                RuleChange::Threshold(s, v) => tell!("{rule}: {s} = {}", v.trim()),
            }
        }
        tell!("stored; the analysis uses these rules from now on");
        if !list {
            return Ok(());
        }
    }
    if list {
        let catalogue = session.rules_catalogue()?;
        if json {
            crate::output::print_json(&catalogue)?;
            return Ok(());
        }
        for rule in &catalogue {
            println!(
                "{} ({}) — {}",
                rule.name,
                rule.id,
                if rule.enabled { "on" } else { "OFF" }
            );
            for t in &rule.thresholds {
                let changed = if t.changed() {
                    format!(" [default {}]", t.default)
                } else {
                    String::new()
                };
                println!(
                    "  {} = {}{changed}  ({}) — {}",
                    t.threshold.setting,
                    t.value,
                    t.threshold.meaning,
                    t.basis_in_words()
                );
            }
            println!("  severity: {}", rule.severity);
        }
        return Ok(());
    }
    print!(
        "{}",
        crate::output::clean(&sightline::flags::Rules::text_of_review(session.review())?)
    );
    Ok(())
}

/// `sightline taxonomy`.
pub(crate) fn taxonomy(args: TaxonomyArgs) -> Result<()> {
    let TaxonomyArgs { review, set } = args;
    let mut session = open(&review)?;
    match set {
        Some(file) => {
            let text = std::fs::read_to_string(&file).map_err(|e| Error::io(&file, e))?;
            name_reviewer(&mut session)?;
            session.set_taxonomy(&text)?;
            tell!("stored; the analysis uses this taxonomy from now on");
        }
        None => print!(
            "{}",
            crate::output::clean(&sightline::extract::Taxonomy::text_of_review(
                session.review()
            )?)
        ),
    }
    Ok(())
}

/// `sightline demo`.
pub(crate) fn demo(args: DemoArgs) -> Result<()> {
    let DemoArgs { dir } = args;
    let dir = dir.unwrap_or_else(|| PathBuf::from("sightline-demo"));
    let path = dir.join(demo::FILE_NAME);
    let protection = Protection::Passphrase(passphrase(&path, false)?);
    let review = demo::build(&dir, &protection)?;
    let s = review.summary()?;
    say!("{}", s.title);
    say!("review file: {}", review.path().display());
    say!(
        "{} records from {} agencies in {} files, {} to {}",
        s.records,
        s.agencies.len(),
        s.sources,
        s.first.as_deref().unwrap_or("-"),
        s.last.as_deref().unwrap_or("-")
    );
    for a in &s.agencies {
        say!("  {:<36} {:<22} {:>5} records", a.name, a.kind, a.records);
    }
    Ok(())
}

/// `sightline generate`.
pub(crate) fn generate(args: GenerateArgs) -> Result<()> {
    let GenerateArgs {
        out_dir,
        records,
        agencies,
        seed,
        review,
        single_csv,
    } = args;
    let opts = sightline::generate::Options {
        records,
        agencies,
        seed,
        single_csv,
    };
    let (manifest, expected) = sightline::generate::generate(&out_dir, &opts)?;
    say!(
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
        sightline::generate::import_generated(&mut review, &out_dir, &manifest, &mut |f| {
            tell!("importing {f}")
        })?;
        say!("imported into {}", path.display());
    }
    Ok(())
}
