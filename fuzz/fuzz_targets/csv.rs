//! Bytes → `read::detect` (named `.csv`) → `read_grids(FileKind::Csv)` → every row.
//!
//! `detect` may route the bytes elsewhere (or refuse them); the reader for
//! `FileKind::Csv` is then run on them anyway, since a reader must cope with
//! any bytes without panicking, hanging or exhausting memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline::import::read::{detect, read_grids};
use sightline::import::table::FileKind;

fuzz_target!(|data: &[u8]| {
    let _ = detect("fuzz.csv", data);
    if let Ok(grids) = read_grids(FileKind::Csv, data, None) {
        for grid in grids {
            for row in grid.rows.flatten() {
                std::hint::black_box(row.is_blank());
            }
        }
    }
});
