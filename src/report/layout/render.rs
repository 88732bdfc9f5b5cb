//! Draws the laid-out pages with printpdf and writes the PDF.

use printpdf::{
    Actions, BorderArray, Color, ColorArray, Destination, FontId, HighlightingMode, Line,
    LineDashPattern, LinePoint, LinkAnnotation, Op, PaintMode, PdfDocument, PdfFont, PdfFontHandle,
    PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, WindingOrder,
};

use super::flow::{self, Item};
use super::fonts::{faces, sane_size};
use super::outline::{self, OutlineEntry};
use super::paginate::{paginate, Pages};
use super::{
    truncate_to_width, Colour, Document, LayoutError, PageSetup, PlacedHeading, RenderedPdf, Stroke,
};

/// Running header and footer text size.
const RUNNING_SIZE: f32 = 7.5;

pub(crate) fn render(doc: &Document) -> Result<RenderedPdf, LayoutError> {
    let setup = doc.page_setup();
    let flow = flow::build(doc);
    let top = setup.margin_top;
    let bottom = setup.height - setup.margin_bottom;
    let laid = paginate(&flow, top, bottom);
    let page_count = laid.pages.len();

    let headings: Vec<PlacedHeading> = flow
        .headings
        .iter()
        .zip(&laid.anchors)
        .map(|(h, a)| PlacedHeading {
            level: h.level,
            text: h.text.clone(),
            page: a.map(|(p, _)| p + 1).unwrap_or(0),
        })
        .collect();

    let f = faces();
    let (Some(regular), Some(bold)) = (&f.regular.font, &f.bold.font) else {
        return Err(LayoutError::Font("an embedded font did not parse"));
    };
    let mut pdf = PdfDocument::new(&doc.meta.title);
    // Fixed resource names (printpdf's own are random), so that the same
    // document always makes the same file.
    let fonts = Fonts {
        regular: FontId("NotoSans".to_string()),
        bold: FontId("NotoSansBold".to_string()),
    };
    for (id, face) in [(&fonts.regular, regular), (&fonts.bold, bold)] {
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(face.clone()));
    }
    set_info(&mut pdf, doc);

    let running_title = doc.running_title.as_deref().unwrap_or(&doc.meta.title);
    let mut pages = Vec::with_capacity(page_count);
    for (i, items) in laid.pages.iter().enumerate() {
        let mut painter = Painter {
            ops: Vec::new(),
            fonts: &fonts,
            height: setup.height,
        };
        painter.running(&setup, &doc.marking, running_title, i + 1, page_count);
        for item in items {
            painter.item(item, &laid, &setup);
        }
        pages.push(PdfPage {
            media_box: Rect::from_wh(Pt(setup.width), Pt(setup.height)),
            trim_box: Rect::from_wh(Pt(setup.width), Pt(setup.height)),
            crop_box: Rect::from_wh(Pt(setup.width), Pt(setup.height)),
            ops: painter.ops,
        });
    }
    pdf.with_pages(pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = printpdf::to_lopdf_doc(&pdf, &opts, &mut warnings);
    if let Some(w) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(LayoutError::Pdf(w.msg.clone()));
    }
    compress(&mut lo);
    // What the outline update needs, read back from the document printpdf
    // made (lopdf's types are printpdf's; they are not named here).
    let catalog = lo
        .trailer
        .get(b"Root")
        .and_then(|o| o.as_reference())
        .map_err(pdf_err)?;
    let cat = lo.catalog().map_err(pdf_err)?;
    if let Some((key, _)) = cat
        .iter()
        .find(|(k, _)| !outline::KNOWN_CATALOG_KEYS.contains(&k.as_slice()))
    {
        return Err(LayoutError::Pdf(format!(
            "unexpected document catalog entry /{}",
            String::from_utf8_lossy(key)
        )));
    }
    let pages_root = cat
        .get(b"Pages")
        .and_then(|o| o.as_reference())
        .map_err(pdf_err)?;
    let info = lo.trailer.get(b"Info").and_then(|o| o.as_reference()).ok();
    // printpdf's file identifier is random: drop it, and give the file one
    // made from its content in the update instead.
    lo.trailer.remove(b"ID");
    let ids = outline::DocIds {
        catalog,
        pages_root,
        info,
        pages: lo.get_pages().into_values().collect(),
        max_id: lo.max_id,
    };
    let mut bytes = Vec::new();
    lo.save_to(&mut bytes).map_err(pdf_err)?;

    let entries: Vec<OutlineEntry> = flow
        .headings
        .iter()
        .zip(&laid.anchors)
        .filter_map(|(h, a)| {
            let (page, y) = (*a)?;
            Some(OutlineEntry {
                title: h.text.clone(),
                level: h.level,
                page,
                top: setup.height - y + 4.0,
            })
        })
        .collect();
    let info = outline::Info {
        title: doc.meta.title.clone(),
        subject: doc.meta.subject.clone(),
        author: doc.meta.author.clone(),
        created: doc.meta.created,
    };
    outline::append(&mut bytes, &ids, &info, &entries)?;

    Ok(RenderedPdf {
        bytes,
        page_count,
        headings,
    })
}

fn pdf_err<E: std::fmt::Display>(e: E) -> LayoutError {
    LayoutError::Pdf(e.to_string())
}

/// The document information dictionary: title, subject, author and dates;
/// the creator is the program. Nothing else.
fn set_info(pdf: &mut PdfDocument, doc: &Document) {
    let when = printpdf::OffsetDateTime::from_unix_timestamp(doc.meta.created.timestamp()).ok();
    let info = &mut pdf.metadata.info;
    info.document_title = doc.meta.title.clone();
    info.subject = doc.meta.subject.clone();
    info.author = doc.meta.author.clone();
    info.creator = "Sightline".to_string();
    info.producer = "Sightline".to_string();
    info.keywords = Vec::new();
    info.identifier = String::new();
    if let Some(when) = when {
        info.creation_date = when;
        info.modification_date = when;
        info.metadata_date = when;
    }
}

struct Fonts {
    regular: FontId,
    bold: FontId,
}

struct Painter<'a> {
    ops: Vec<Op>,
    fonts: &'a Fonts,
    /// Page height: page coordinates run down from the top, PDF's up from
    /// the bottom.
    height: f32,
}

fn rgb(c: Colour) -> Color {
    let c = c.clamped();
    Color::Rgb(Rgb::new(c.r, c.g, c.b, None))
}

/// A finite number, else 0.
fn num(v: f32) -> f32 {
    if v.is_finite() {
        v.clamp(-1e6, 1e6)
    } else {
        0.0
    }
}

impl Painter<'_> {
    fn text(&mut self, x: f32, baseline: f32, text: &str, size: f32, bold: bool, colour: Colour) {
        let clean = faces().get(bold).clean(text);
        if clean.is_empty() {
            return;
        }
        let font = if bold {
            &self.fonts.bold
        } else {
            &self.fonts.regular
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font.clone()),
                size: Pt(sane_size(size)),
            },
            Op::SetFillColor { col: rgb(colour) },
            Op::SetTextCursor {
                pos: Point {
                    x: Pt(num(x)),
                    y: Pt(num(self.height - baseline)),
                },
            },
            Op::ShowText {
                items: vec![TextItem::Text(clean.into_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    fn stroke_style(&mut self, stroke: &Stroke) {
        let dash = match stroke.dash {
            Some([on, off]) if on > 0.0 && off > 0.0 => LineDashPattern::new(0.0, &[on, off]),
            _ => LineDashPattern::solid(),
        };
        self.ops.extend([
            Op::SetOutlineColor {
                col: rgb(stroke.colour),
            },
            Op::SetOutlineThickness {
                pt: Pt(num(stroke.width).max(0.0)),
            },
            Op::SetLineDashPattern { dash },
        ]);
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, stroke: &Stroke) {
        self.stroke_style(stroke);
        let point = |x: f32, y: f32| LinePoint {
            p: Point {
                x: Pt(num(x)),
                y: Pt(num(self.height - y)),
            },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x1, y1), point(x2, y2)],
                is_closed: false,
            },
        });
    }

    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<Colour>,
        stroke: Option<&Stroke>,
    ) {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (Some(_), None) => PaintMode::Fill,
            (None, Some(_)) => PaintMode::Stroke,
            (None, None) => return,
        };
        if let Some(f) = fill {
            self.ops.push(Op::SetFillColor { col: rgb(f) });
        }
        if let Some(s) = stroke {
            self.stroke_style(s);
        }
        let (w, h) = (num(w), num(h));
        // Normalise negative sizes so the rectangle is where it was meant.
        let (x, w) = if w < 0.0 {
            (num(x) + w, -w)
        } else {
            (num(x), w)
        };
        let (y, h) = if h < 0.0 {
            (num(y) + h, -h)
        } else {
            (num(y), h)
        };
        self.ops.push(Op::DrawRectangle {
            rectangle: Rect {
                x: Pt(x),
                y: Pt(num(self.height - y - h)),
                width: Pt(w),
                height: Pt(h),
                mode: Some(mode),
                winding_order: Some(WindingOrder::NonZero),
            },
        });
    }

    fn item(&mut self, item: &Item, laid: &Pages, setup: &PageSetup) {
        match item {
            Item::Text {
                x,
                baseline,
                text,
                size,
                bold,
                colour,
            } => self.text(*x, *baseline, text, *size, *bold, *colour),
            Item::Rect {
                x,
                y,
                w,
                h,
                fill,
                stroke,
            } => self.rect(*x, *y, *w, *h, *fill, stroke.as_ref()),
            Item::Line {
                x1,
                y1,
                x2,
                y2,
                stroke,
            } => self.line(*x1, *y1, *x2, *y2, stroke),
            Item::TocEntry {
                heading,
                text_end,
                right,
                baseline,
                size,
                bold,
                left,
                top,
                bottom,
            } => {
                let Some(Some((page, y))) = laid.anchors.get(*heading) else {
                    return;
                };
                let number = (page + 1).to_string();
                let face = faces().get(*bold);
                let number_x = right - face.width(&number, *size);
                self.text(number_x, *baseline, &number, *size, *bold, Colour::TEXT);
                // A dotted leader from the title to the number.
                let (from, to) = (text_end + 6.0, number_x - 6.0);
                if to > from {
                    let leader = Stroke::dashed(0.6, Colour::RULE, 0.6, 2.4);
                    let y_leader = baseline - 1.0;
                    self.line(from, y_leader, to, y_leader, &leader);
                }
                let link = LinkAnnotation::new(
                    Rect::from_xywh(
                        Pt(num(*left)),
                        Pt(num(self.height - bottom)),
                        Pt(num(right - left)),
                        Pt(num(bottom - top)),
                    ),
                    Actions::Goto(Destination::Xyz {
                        page: page + 1,
                        left: Some(0.0),
                        top: Some(num(setup.height - y + 4.0)),
                        zoom: None,
                    }),
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    Some(ColorArray::Transparent),
                    Some(HighlightingMode::Invert),
                );
                self.ops.push(Op::LinkAnnotation { link });
            }
        }
    }

    /// The running header and footer.
    fn running(
        &mut self,
        setup: &PageSetup,
        marking: &str,
        title: &str,
        page: usize,
        pages: usize,
    ) {
        let left = setup.margin_left;
        let right = setup.width - setup.margin_right;
        let width = right - left;
        let rule = Stroke::solid(0.5, Colour::RULE);
        let size = RUNNING_SIZE;

        // Header: the marking, centred, over a rule.
        let header_rule = setup.margin_top * 0.62;
        let marking_head = truncate_to_width(marking, size, true, width);
        let w = faces().bold.width(&marking_head, size);
        self.text(
            left + (width - w) / 2.0,
            header_rule - 5.0,
            &marking_head,
            size,
            true,
            Colour::TEXT,
        );
        self.line(left, header_rule, right, header_rule, &rule);

        // Footer: a rule, then the title, the marking and the page number.
        let footer_rule = setup.height - setup.margin_bottom * 0.72;
        let baseline = footer_rule + 4.0 + size;
        self.line(left, footer_rule, right, footer_rule, &rule);
        let number = format!("Page {page} of {pages}");
        let number_w = faces().regular.width(&number, size);
        self.text(
            right - number_w,
            baseline,
            &number,
            size,
            false,
            Colour::MUTED,
        );
        let marking_foot = truncate_to_width(marking, size, true, width / 3.0);
        let mw = faces().bold.width(&marking_foot, size);
        let centre_left = left + (width - mw) / 2.0;
        self.text(
            centre_left,
            baseline,
            &marking_foot,
            size,
            true,
            Colour::TEXT,
        );
        let title_room = centre_left - left - 12.0;
        if title_room > 0.0 {
            let title = truncate_to_width(title, size, false, title_room);
            self.text(left, baseline, &title, size, false, Colour::MUTED);
        }
    }
}

/// Deflates every stream that allows it, at zlib's default level: the best
/// level (what lopdf uses) took a sixth of a large report's export time for
/// under one per cent of its size.
fn compress(doc: &mut lopdf::Document) {
    use std::io::Write;
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            continue;
        }
        let mut e = flate2::write::ZlibEncoder::new(
            Vec::with_capacity(stream.content.len() / 4),
            flate2::Compression::default(),
        );
        let Ok(packed) = e.write_all(&stream.content).and_then(|_| e.finish()) else {
            continue;
        };
        if packed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(packed);
        }
    }
}
