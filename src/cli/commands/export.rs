//! `sightline export`: the panel's PDF, and its working papers.

use sightline::session::ExportOptions;
use sightline::Result;

use crate::args::*;
use crate::open_to_change;
use crate::output::*;

/// `sightline export`.
pub(crate) fn export(args: ExportArgs) -> Result<()> {
    let ExportArgs {
        review,
        pdf,
        xlsx,
        docx,
        marking,
        anonymise,
        notes,
        check,
        json,
    } = args;
    let opts = ExportOptions {
        marking,
        anonymise,
        notes,
    };
    if check {
        let list = crate::open(&review)?.redaction_check()?;
        if json {
            return crate::output::print_json(&list);
        }
        if list.is_empty() {
            tell!("no word that may be a name is left in the anonymised text");
        } else {
            tell!(
                "{} words left in the anonymised text may be names; add each that is to the \
                 glossary (sightline glossary add REVIEW NAME CODE), then check again:",
                list.len()
            );
        }
        for l in &list {
            say!(
                "{:<20} {:>4}  {}{}",
                clean(&l.word),
                l.count,
                clean(&l.example),
                if l.quoted {
                    "  (in quotation marks)"
                } else {
                    ""
                }
            );
        }
        return Ok(());
    }
    let mut session = open_to_change(&review)?;
    if let Some(pdf) = pdf {
        let report = session.export_pdf(&pdf, &opts, &mut |_| {})?;
        say!(
            "{}: {} pages, sha256 {}",
            pdf.display(),
            report.page_count,
            report.sha256
        );
    }
    if let Some(xlsx) = xlsx {
        let papers = session.export_xlsx(&xlsx, anonymise)?;
        say!("{}: {} records", xlsx.display(), papers.rows);
    }
    if let Some(docx) = docx {
        let papers = session.export_docx(&docx, anonymise)?;
        say!("{}: {} records", docx.display(), papers.rows);
    }
    Ok(())
}
