//! `sightline export`: the panel's PDF, and its working papers.

use sightline::session::ExportOptions;
use sightline::Result;

use crate::args::*;
use crate::open_to_change;

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
    } = args;
    let opts = ExportOptions {
        marking,
        anonymise,
        notes,
    };
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
