//! `sightline export`: the panel's PDF.

use sightline::session::ExportOptions;
use sightline::Result;

use crate::args::*;
use crate::open_to_change;

/// `sightline export`.
pub(crate) fn export(args: ExportArgs) -> Result<()> {
    let ExportArgs {
        review,
        pdf,
        marking,
        anonymise,
        notes,
    } = args;
    let opts = ExportOptions {
        marking,
        anonymise,
        notes,
    };
    let report = open_to_change(&review)?.export_pdf(&pdf, &opts, &mut |_| {})?;
    say!(
        "{}: {} pages, sha256 {}",
        pdf.display(),
        report.page_count,
        report.sha256
    );
    Ok(())
}
