//! Bytes → `read::detect` (named `.json`) → `read_grids(FileKind::Json)` → every row.
//!
//! `detect` may route the bytes elsewhere (or refuse them); the reader for
//! `FileKind::Json` is then run on them anyway, since a reader must cope with
//! any bytes without panicking, hanging or exhausting memory.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sightline::import::read::{detect, read_grids};
use sightline::import::table::FileKind;

fuzz_target!(|data: &[u8]| {
    let _ = detect("fuzz.json", data);
    if let Ok(grids) = read_grids(FileKind::Json, data, None) {
        for grid in grids {
            for row in grid.rows.flatten() {
                std::hint::black_box(row.is_blank());
            }
        }
    }
});
