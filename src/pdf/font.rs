//! TrueType faces: parsed once at start-up (character map, advances, glyph
//! locations), then subset per document into a small TrueType program for a PDF
//! `CIDFontType2` (glyphs renumbered from 1, hinting instructions dropped).
//!
//! Only the tables a PDF viewer needs for an embedded `CIDFontType2` are kept in a
//! subset: `glyf`, `head`, `hhea`, `hmtx`, `loca` and `maxp`. The PDF maps
//! character codes to glyphs itself (Identity-H, `CIDToGIDMap /Identity`), so
//! no `cmap` is embedded; text extraction goes through the `ToUnicode` map.
//!
//! The subset's outlines are stored at [`SUBSET_UNITS_PER_EM`] units per em
//! instead of the source's 2048: every coordinate is rounded to that grid (at most
//! 1/256 em off: 0.014 mm at 10 pt, 0.022 mm at the 16 pt heading, about half a
//! 600 dpi printer dot), which makes the coordinate deltas fit in a byte and the
//! deflated program smaller (the two-sheet bench letter: 31.6 KB at 2048 units per em,
//! 23.8 KB at 256, 21.8 KB at 128). Each glyph is converted once, on first use, and
//! kept (see [`Face::scaled_glyph`]). Every glyph header carries the face's bounding
//! box rather than the glyph's own (see `Face::header_box`).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use anyhow::{Context, anyhow, bail};

fn u16_at(d: &[u8], o: usize) -> Option<u16> {
    d.get(o..o.checked_add(2)?)
        .map(|b| u16::from_be_bytes([b[0], b[1]]))
}

fn i16_at(d: &[u8], o: usize) -> Option<i16> {
    u16_at(d, o).map(|v| v as i16)
}

fn u32_at(d: &[u8], o: usize) -> Option<u32> {
    d.get(o..o.checked_add(4)?)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// One parsed TrueType face plus the metrics the layout engine needs.
#[derive(Debug, Clone)]
pub(crate) struct Face {
    data: &'static [u8],
    /// PostScript name, e.g. `BIZUDGothic-Regular`.
    pub(crate) name: &'static str,
    units_per_em: f32,
    /// `units_per_em` of the source, and of the subsets (never more than the source's).
    source_upem: i32,
    subset_upem: i32,
    /// Ascender in em units (positive; `hhea`).
    pub(crate) ascent: f32,
    /// Descender in em units (positive; `hhea`).
    pub(crate) descent: f32,
    /// Font bounding box in font units (`head`).
    bbox: [i16; 4],
    cap_height: i16,
    weight: u16,
    /// Glyph of each BMP code point (0 = none).
    bmp: Box<[u16]>,
    /// Glyphs of code points above the BMP, sorted by code point.
    astral: Vec<(u32, u16)>,
    advances: Box<[u16]>,
    /// Absolute byte ranges of each glyph's outline in `data` (empty = no outline).
    glyphs: Box<[Range<u32>]>,
    /// Each glyph at `subset_upem`, without instructions (filled on first use).
    scaled: Box<[OnceLock<Box<[u8]>>]>,
    head: Range<usize>,
    hhea: Range<usize>,
    maxp: Range<usize>,
}

/// Units per em of the embedded subsets' outlines (see the module documentation).
pub(crate) const SUBSET_UNITS_PER_EM: u16 = 128;

impl Face {
    /// Parses a TrueType (`glyf`) font; `name` is its PostScript name.
    pub(crate) fn parse(data: &'static [u8], name: &'static str) -> anyhow::Result<Self> {
        Self::parse_inner(data, name).with_context(|| format!("parsing font {name}"))
    }

    fn parse_inner(data: &'static [u8], name: &'static str) -> anyhow::Result<Self> {
        let bad = || anyhow!("truncated or malformed font");
        let num_tables = usize::from(u16_at(data, 4).ok_or_else(bad)?);
        let mut tables: HashMap<[u8; 4], Range<usize>> = HashMap::new();
        for i in 0..num_tables {
            let rec = 12 + 16 * i;
            let tag: [u8; 4] = data
                .get(rec..rec + 4)
                .ok_or_else(bad)?
                .try_into()
                .map_err(|_| bad())?;
            let off = u32_at(data, rec + 8).ok_or_else(bad)? as usize;
            let len = u32_at(data, rec + 12).ok_or_else(bad)? as usize;
            let end = off.checked_add(len).ok_or_else(bad)?;
            if end > data.len() {
                bail!("table {} out of bounds", String::from_utf8_lossy(&tag));
            }
            tables.insert(tag, off..end);
        }
        let table = |tag: &[u8; 4]| -> anyhow::Result<Range<usize>> {
            tables
                .get(tag)
                .cloned()
                .ok_or_else(|| anyhow!("no {} table", String::from_utf8_lossy(tag)))
        };
        if tables.contains_key(b"CFF ") || !tables.contains_key(b"glyf") {
            bail!("only TrueType outlines (glyf) are supported");
        }
        let head = table(b"head")?;
        let hhea = table(b"hhea")?;
        let maxp = table(b"maxp")?;
        let hmtx = table(b"hmtx")?;
        let loca = table(b"loca")?;
        let glyf = table(b"glyf")?;
        let cmap = table(b"cmap")?;
        let os2 = tables.get(b"OS/2").cloned();

        let h = &data[head.clone()];
        if h.len() < 54 {
            bail!("head table too short");
        }
        let units_per_em = u16_at(h, 18).ok_or_else(bad)?;
        if units_per_em == 0 {
            bail!("units_per_em = 0");
        }
        let bbox = [
            i16_at(h, 36).ok_or_else(bad)?,
            i16_at(h, 38).ok_or_else(bad)?,
            i16_at(h, 40).ok_or_else(bad)?,
            i16_at(h, 42).ok_or_else(bad)?,
        ];
        let long_loca = i16_at(h, 50).ok_or_else(bad)? != 0;
        let hh = &data[hhea.clone()];
        if hh.len() < 36 {
            bail!("hhea table too short");
        }
        let upem = f32::from(units_per_em);
        let ascent = f32::from(i16_at(hh, 4).ok_or_else(bad)?).abs() / upem;
        let descent = f32::from(i16_at(hh, 6).ok_or_else(bad)?).abs() / upem;
        let num_h_metrics = usize::from(u16_at(hh, 34).ok_or_else(bad)?);
        let num_glyphs = usize::from(u16_at(&data[maxp.clone()], 4).ok_or_else(bad)?);
        if num_glyphs == 0 || num_h_metrics == 0 || num_h_metrics > num_glyphs {
            bail!("bad glyph counts");
        }
        if maxp.len() < 6 {
            bail!("maxp table too short");
        }

        // Advances (the left side bearings of a subset are its glyphs' xMin).
        let hm = &data[hmtx];
        let mut advances = vec![0u16; num_glyphs];
        for g in 0..num_glyphs {
            advances[g] = if g < num_h_metrics {
                u16_at(hm, 4 * g).ok_or_else(bad)?
            } else {
                advances[num_h_metrics - 1]
            };
        }

        // Glyph locations.
        let lo = &data[loca];
        let mut glyphs = Vec::with_capacity(num_glyphs);
        let offset = |i: usize| -> Option<usize> {
            if long_loca {
                u32_at(lo, 4 * i).map(|v| v as usize)
            } else {
                u16_at(lo, 2 * i).map(|v| 2 * usize::from(v))
            }
        };
        for g in 0..num_glyphs {
            let (a, b) = (offset(g).ok_or_else(bad)?, offset(g + 1).ok_or_else(bad)?);
            let (a, b) = (glyf.start + a, glyf.start + b);
            // A glyph outside the glyf table or with a reversed range has no outline.
            let range = if a < b && b <= glyf.end {
                a as u32..b as u32
            } else {
                0..0
            };
            glyphs.push(range);
        }

        let (bmp, astral) = parse_cmap(&data[cmap], num_glyphs)?;

        let (cap_height, weight) = match &os2 {
            Some(r) => {
                let o = &data[r.clone()];
                let version = u16_at(o, 0).unwrap_or(0);
                let cap = if version >= 2 {
                    i16_at(o, 88).unwrap_or(0)
                } else {
                    0
                };
                (cap, u16_at(o, 4).unwrap_or(400))
            }
            None => (0, 400),
        };
        let cap_height = if cap_height > 0 {
            cap_height
        } else {
            (f32::from(units_per_em) * 0.7) as i16
        };

        let scaled = (0..num_glyphs).map(|_| OnceLock::new()).collect();
        Ok(Self {
            data,
            name,
            units_per_em: upem,
            source_upem: i32::from(units_per_em),
            subset_upem: i32::from(units_per_em.min(SUBSET_UNITS_PER_EM)),
            ascent,
            descent,
            bbox,
            cap_height,
            weight,
            bmp,
            astral,
            advances: advances.into_boxed_slice(),
            glyphs: glyphs.into_boxed_slice(),
            scaled,
            head,
            hhea,
            maxp,
        })
    }

    /// Glyph of `c` (0, `.notdef`, when the font has none).
    pub(crate) fn glyph(&self, c: char) -> u16 {
        let cp = u32::from(c);
        if cp < 0x10000 {
            self.bmp[cp as usize]
        } else {
            self.astral
                .binary_search_by_key(&cp, |&(c, _)| c)
                .map_or(0, |i| self.astral[i].1)
        }
    }

    fn advance(&self, gid: u16) -> u16 {
        self.advances.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// Advance width of `c` in em units (missing glyphs use `.notdef`).
    pub(crate) fn char_width(&self, c: char) -> f32 {
        f32::from(self.advance(self.glyph(c))) / self.units_per_em
    }

    /// Width of `text` at `size` points.
    pub(crate) fn text_width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.char_width(c)).sum::<f32>() * size
    }

    /// Source font units → subset font units (rounded to the nearest, halves away from 0).
    fn scale(&self, v: i32) -> i32 {
        let (n, d) = (
            i64::from(v) * i64::from(self.subset_upem),
            i64::from(self.source_upem),
        );
        let r = (2 * n.abs() + d) / (2 * d);
        (if n < 0 { -r } else { r }) as i32
    }

    /// The bounding box written in a subset glyph's header: the face's (scaled), which
    /// contains every glyph, widened to `own` (the glyph's box) should a glyph stick out.
    ///
    /// The same eight bytes in every glyph deflate to almost nothing, where the glyphs'
    /// own boxes cost 1.1 KB in the bench letter. The header's `xMin` only serves, with
    /// the `hmtx` left side bearing, to place the outline (FreeType's phantom point
    /// `pp1.x = xMin − lsb`): the subset writes the same value as the bearing, so `pp1` is
    /// at 0 as before and the outline stays where it is; bounds computed from the outline
    /// (FreeType's metrics, PDF viewers') are unchanged, and a box that contains the glyph
    /// is all a glyph cache needs.
    fn header_box(&self, own: [i32; 4]) -> [i32; 4] {
        let face = self.bbox.map(|v| self.scale(i32::from(v)));
        [
            face[0].min(own[0]),
            face[1].min(own[1]),
            face[2].max(own[2]),
            face[3].max(own[3]),
        ]
    }

    /// Glyph `gid` at the subset's units per em, without hinting instructions
    /// (composites keep their source component numbers). Empty when the glyph has
    /// no outline or a malformed one. Converted once, then shared.
    pub(crate) fn scaled_glyph(&self, gid: u16) -> &[u8] {
        let Some(cell) = self.scaled.get(usize::from(gid)) else {
            return &[];
        };
        cell.get_or_init(|| {
            let range = self.glyphs[usize::from(gid)].clone();
            let g = &self.data[range.start as usize..range.end as usize];
            let mut out = Vec::with_capacity(g.len());
            if !self.scale_glyph(g, &mut out) {
                out.clear();
            }
            out.into_boxed_slice()
        })
    }

    /// Writes `g` scaled and without instructions; false when malformed.
    fn scale_glyph(&self, g: &[u8], out: &mut Vec<u8>) -> bool {
        if g.is_empty() {
            return true;
        }
        let Some(contours) = i16_at(g, 0) else {
            return false;
        };
        if contours < 0 {
            return self.scale_composite(g, out);
        }
        const ON_CURVE: u8 = 0x01;
        const X_SHORT: u8 = 0x02;
        const Y_SHORT: u8 = 0x04;
        const REPEAT: u8 = 0x08;
        const X_SAME: u8 = 0x10;
        const Y_SAME: u8 = 0x20;
        let contours = contours as usize;
        let mut ends = Vec::with_capacity(contours);
        for i in 0..contours {
            let Some(e) = u16_at(g, 10 + 2 * i) else {
                return false;
            };
            if ends.last().is_some_and(|&l| e < l) {
                return false;
            }
            ends.push(e);
        }
        let points = ends.last().map_or(0, |&e| usize::from(e) + 1);
        let Some(ins) = u16_at(g, 10 + 2 * contours) else {
            return false;
        };
        let mut p = 12 + 2 * contours + usize::from(ins);
        // Flags (with repeats expanded), then the x and y deltas.
        let mut flags = Vec::with_capacity(points);
        while flags.len() < points {
            let Some(&f) = g.get(p) else {
                return false;
            };
            p += 1;
            let mut n = 1;
            if f & REPEAT != 0 {
                let Some(&r) = g.get(p) else {
                    return false;
                };
                p += 1;
                n += usize::from(r);
            }
            flags.extend(std::iter::repeat_n(f, n.min(points - flags.len())));
        }
        let mut coords = [Vec::with_capacity(points), Vec::with_capacity(points)];
        for (axis, (short, same)) in [(X_SHORT, X_SAME), (Y_SHORT, Y_SAME)]
            .into_iter()
            .enumerate()
        {
            let mut v = 0i32;
            for &f in &flags {
                if f & short != 0 {
                    let Some(&b) = g.get(p) else {
                        return false;
                    };
                    p += 1;
                    v += if f & same != 0 {
                        i32::from(b)
                    } else {
                        -i32::from(b)
                    };
                } else if f & same == 0 {
                    let Some(d) = i16_at(g, p) else {
                        return false;
                    };
                    p += 2;
                    v += i32::from(d);
                }
                coords[axis].push(self.scale(v));
            }
        }
        let [xs, ys] = coords;
        let bbox = if points == 0 {
            [0; 4]
        } else {
            self.header_box([
                xs.iter().copied().min().unwrap_or(0),
                ys.iter().copied().min().unwrap_or(0),
                xs.iter().copied().max().unwrap_or(0),
                ys.iter().copied().max().unwrap_or(0),
            ])
        };
        out.extend_from_slice(&(contours as i16).to_be_bytes());
        for v in bbox {
            out.extend_from_slice(&(v as i16).to_be_bytes());
        }
        for e in &ends {
            out.extend_from_slice(&e.to_be_bytes());
        }
        out.extend_from_slice(&[0, 0]);
        // New flags and deltas: a byte when it fits, nothing when unchanged.
        let mut new_flags = Vec::with_capacity(points);
        let mut xb = Vec::with_capacity(points);
        let mut yb = Vec::with_capacity(points);
        let (mut px, mut py) = (0, 0);
        for i in 0..points {
            let mut f = flags[i] & ON_CURVE;
            for (d, short, same, buf) in [
                (xs[i] - px, X_SHORT, X_SAME, &mut xb),
                (ys[i] - py, Y_SHORT, Y_SAME, &mut yb),
            ] {
                if d == 0 {
                    f |= same;
                } else if d.abs() <= 255 {
                    f |= short | if d > 0 { same } else { 0 };
                    buf.push(d.unsigned_abs() as u8);
                } else {
                    buf.extend_from_slice(&(d as i16).to_be_bytes());
                }
            }
            (px, py) = (xs[i], ys[i]);
            new_flags.push(f);
        }
        // One flag byte a point, no repeats: the deflated font is smaller so (by 0.2 %).
        out.extend_from_slice(&new_flags);
        out.extend_from_slice(&xb);
        out.extend_from_slice(&yb);
        true
    }

    /// A composite glyph with its offsets scaled and its instructions dropped.
    fn scale_composite(&self, g: &[u8], out: &mut Vec<u8>) -> bool {
        let Some(header) = g.get(..10) else {
            return false;
        };
        out.extend_from_slice(&header[..2]);
        let own: [i32; 4] =
            std::array::from_fn(|i| self.scale(i32::from(i16_at(header, 2 + 2 * i).unwrap_or(0))));
        for v in self.header_box(own) {
            out.extend_from_slice(&(v as i16).to_be_bytes());
        }
        let mut p = 10;
        loop {
            let (Some(flags), Some(component)) = (u16_at(g, p), u16_at(g, p + 2)) else {
                return false;
            };
            let len = component_len(flags);
            let Some(bytes) = g.get(p..p + len) else {
                return false;
            };
            out.extend_from_slice(&(flags & !INSTRUCTIONS).to_be_bytes());
            out.extend_from_slice(&component.to_be_bytes());
            if flags & ARGS_ARE_XY != 0 {
                if flags & ARG_WORDS != 0 {
                    for at in [4, 6] {
                        let v = i32::from(i16_at(bytes, at).unwrap_or(0));
                        out.extend_from_slice(&(self.scale(v) as i16).to_be_bytes());
                    }
                } else {
                    for at in [4, 5] {
                        let v = i32::from(bytes[at] as i8);
                        out.push(self.scale(v) as i8 as u8);
                    }
                }
                out.extend_from_slice(&bytes[if flags & ARG_WORDS != 0 { 8 } else { 6 }..]);
            } else {
                // Point numbers, not offsets: unchanged.
                out.extend_from_slice(&bytes[4..]);
            }
            p += len;
            if flags & MORE != 0 {
                continue;
            }
            return true;
        }
    }

    /// Font units → PDF glyph space (1/1000 em).
    pub(crate) fn to_pdf_units(&self, v: i32) -> i32 {
        (v as f32 * 1000.0 / self.units_per_em).round() as i32
    }

    pub(crate) fn bbox(&self) -> [i32; 4] {
        self.bbox.map(|v| self.to_pdf_units(i32::from(v)))
    }

    pub(crate) fn ascent_units(&self) -> i32 {
        (self.ascent * 1000.0).round() as i32
    }

    pub(crate) fn descent_units(&self) -> i32 {
        -(self.descent * 1000.0).round() as i32
    }

    pub(crate) fn cap_height_units(&self) -> i32 {
        self.to_pdf_units(i32::from(self.cap_height))
    }

    /// A /StemV estimate from the weight class (the usual 50 + (w/65)² rule).
    pub(crate) fn stem_v(&self) -> i32 {
        let w = f32::from(self.weight) / 65.0;
        (50.0 + w * w).round() as i32
    }
}

/// Glyph per BMP code point, and (code point, glyph) above the BMP, sorted.
type CharMap = (Box<[u16]>, Vec<(u32, u16)>);

/// Reads the best Unicode subtable: (3,10) format 12, else a format 4 one.
fn parse_cmap(cmap: &[u8], num_glyphs: usize) -> anyhow::Result<CharMap> {
    let mut bmp = vec![0u16; 0x10000].into_boxed_slice();
    let mut astral = Vec::new();
    let n = usize::from(u16_at(cmap, 2).ok_or_else(|| anyhow!("empty cmap"))?);
    let mut format12 = None;
    let mut format4 = None;
    for i in 0..n {
        let rec = 4 + 8 * i;
        let (Some(platform), Some(encoding), Some(offset)) = (
            u16_at(cmap, rec),
            u16_at(cmap, rec + 2),
            u32_at(cmap, rec + 4),
        ) else {
            bail!("truncated cmap");
        };
        let offset = offset as usize;
        match (platform, encoding, u16_at(cmap, offset)) {
            (3, 10, Some(12)) | (0, 4, Some(12)) => format12 = Some(offset),
            (3, 1, Some(4)) | (0, 3, Some(4)) => format4 = Some(offset),
            _ => {}
        }
    }
    let valid = |g: u32| {
        if (g as usize) < num_glyphs {
            g as u16
        } else {
            0
        }
    };
    if let Some(off) = format12 {
        let groups = u32_at(cmap, off + 12).ok_or_else(|| anyhow!("truncated cmap"))? as usize;
        for i in 0..groups {
            let rec = off + 16 + 12 * i;
            let (Some(start), Some(end), Some(gid)) = (
                u32_at(cmap, rec),
                u32_at(cmap, rec + 4),
                u32_at(cmap, rec + 8),
            ) else {
                bail!("truncated cmap group");
            };
            if end < start || end > 0x10FFFF {
                continue;
            }
            for cp in start..=end {
                let g = valid(gid + (cp - start));
                if cp < 0x10000 {
                    bmp[cp as usize] = g;
                } else if g != 0 {
                    astral.push((cp, g));
                }
            }
        }
        astral.sort_unstable();
        astral.dedup_by_key(|e| e.0);
        return Ok((bmp, astral));
    }
    let off = format4.ok_or_else(|| anyhow!("no Unicode cmap subtable"))?;
    let trunc = || anyhow!("truncated cmap format 4");
    let seg_x2 = usize::from(u16_at(cmap, off + 6).ok_or_else(trunc)?);
    let ends = off + 14;
    let starts = ends + seg_x2 + 2;
    let deltas = starts + seg_x2;
    let range_offsets = deltas + seg_x2;
    for s in (0..seg_x2).step_by(2) {
        let end = u16_at(cmap, ends + s).ok_or_else(trunc)?;
        let start = u16_at(cmap, starts + s).ok_or_else(trunc)?;
        let delta = u16_at(cmap, deltas + s).ok_or_else(trunc)?;
        let ro = usize::from(u16_at(cmap, range_offsets + s).ok_or_else(trunc)?);
        if end < start {
            continue;
        }
        for cp in start..=end {
            let g = if ro == 0 {
                cp.wrapping_add(delta)
            } else {
                let at = range_offsets + s + ro + 2 * usize::from(cp - start);
                match u16_at(cmap, at) {
                    Some(0) | None => 0,
                    Some(g) => g.wrapping_add(delta),
                }
            };
            if cp != 0xFFFF {
                bmp[usize::from(cp)] = valid(u32::from(g));
            }
        }
    }
    Ok((bmp, astral))
}

/// The glyphs one document uses from one face, numbered in order of first use
/// (0 stays `.notdef`). The new glyph numbers are the CIDs written in the text.
#[derive(Debug)]
pub(crate) struct Subset<'f> {
    pub(crate) face: &'f Face,
    /// Old glyph id → new one.
    map: HashMap<u16, u16>,
    /// New glyph id → old one.
    old: Vec<u16>,
    /// New glyph id → the character it shows (for `ToUnicode`).
    unicode: Vec<Option<char>>,
}

impl<'f> Subset<'f> {
    pub(crate) fn new(face: &'f Face) -> Self {
        Self {
            face,
            map: HashMap::from([(0, 0)]),
            old: vec![0],
            unicode: vec![None],
        }
    }

    /// Glyphs used besides `.notdef`.
    pub(crate) fn is_empty(&self) -> bool {
        self.old.len() <= 1
    }

    fn add(&mut self, gid: u16) -> u16 {
        if let Some(&new) = self.map.get(&gid) {
            return new;
        }
        let new = self.old.len() as u16;
        self.map.insert(gid, new);
        self.old.push(gid);
        self.unicode.push(None);
        new
    }

    /// The CID (new glyph id) showing `c`.
    pub(crate) fn cid(&mut self, c: char) -> u16 {
        let gid = self.face.glyph(c);
        let cid = self.add(gid);
        if gid != 0 && self.unicode[usize::from(cid)].is_none() {
            self.unicode[usize::from(cid)] = Some(c);
        }
        cid
    }

    /// A six-letter subset tag derived from the glyphs (the same set gives the same tag).
    pub(crate) fn tag(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for g in &self.old {
            for b in g.to_be_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        (0..6)
            .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
            .collect()
    }

    /// `(cid, char)` pairs for the `ToUnicode` map.
    pub(crate) fn unicode_pairs(&self) -> impl Iterator<Item = (u16, char)> + '_ {
        self.unicode
            .iter()
            .enumerate()
            .filter_map(|(cid, c)| c.map(|c| (cid as u16, c)))
    }

    /// Advance widths of all CIDs in 1/1000 em (after [`Self::font_program`], which may add
    /// composite glyph components).
    pub(crate) fn widths(&self) -> Vec<i32> {
        self.old
            .iter()
            .map(|&g| self.face.to_pdf_units(i32::from(self.face.advance(g))))
            .collect()
    }

    /// Renumbers the glyphs in the order of the characters they show (glyphs showing
    /// none last), so that the `ToUnicode` map and `/W` come in runs; returns the new
    /// CID of each old one. Call before [`Self::font_program`]; the CIDs already
    /// written must be mapped through the result.
    pub(crate) fn sort_by_unicode(&mut self) -> Vec<u16> {
        let mut order: Vec<u16> = (1..self.old.len() as u16).collect();
        order.sort_by_key(|&cid| {
            self.unicode[usize::from(cid)].map_or((1, 0, cid), |c| (0, u32::from(c), cid))
        });
        let mut remap = vec![0u16; self.old.len()];
        let mut old = Vec::with_capacity(self.old.len());
        let mut unicode = Vec::with_capacity(self.old.len());
        old.push(0);
        unicode.push(None);
        for cid in order {
            remap[usize::from(cid)] = old.len() as u16;
            old.push(self.old[usize::from(cid)]);
            unicode.push(self.unicode[usize::from(cid)]);
        }
        for (new, &gid) in old.iter().enumerate() {
            self.map.insert(gid, new as u16);
        }
        self.old = old;
        self.unicode = unicode;
        remap
    }

    /// Builds the subset TrueType program at the face's subset units per em. Composite
    /// glyphs pull in their components (appended after the used glyphs); hinting
    /// instructions are left out.
    pub(crate) fn font_program(&mut self) -> Vec<u8> {
        let face = self.face;
        let data = face.data;
        let mut glyf: Vec<u8> = Vec::new();
        let mut loca: Vec<u32> = Vec::with_capacity(self.old.len() + 1);
        let mut hmtx = Vec::with_capacity(4 * self.old.len());
        let mut bbox = [i16::MAX, i16::MAX, i16::MIN, i16::MIN];
        let (mut max_advance, mut min_lsb, mut min_rsb, mut max_extent) =
            (0u16, i16::MAX, i16::MAX, i16::MIN);
        let mut i = 0;
        while i < self.old.len() {
            loca.push(glyf.len() as u32);
            let gid = self.old[i];
            let g = face.scaled_glyph(gid);
            let start = glyf.len();
            if !self.copy_glyph(g, &mut glyf) {
                // Malformed outline: leave the glyph empty rather than break the font.
                glyf.truncate(start);
            }
            let advance = face.scale(i32::from(face.advance(gid))) as u16;
            // The left side bearing is the header's xMin (the face's, see
            // `Face::header_box`), so that the outline is placed where the source has it.
            let lsb = if glyf.len() > start {
                let b: [i16; 4] =
                    std::array::from_fn(|k| i16_at(&glyf, start + 2 + 2 * k).unwrap_or(0));
                bbox = [
                    bbox[0].min(b[0]),
                    bbox[1].min(b[1]),
                    bbox[2].max(b[2]),
                    bbox[3].max(b[3]),
                ];
                min_lsb = min_lsb.min(b[0]);
                min_rsb = min_rsb.min((i32::from(advance) - i32::from(b[2])) as i16);
                max_extent = max_extent.max(b[2]);
                b[0]
            } else {
                0
            };
            max_advance = max_advance.max(advance);
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
            if glyf.len() % 2 == 1 {
                glyf.push(0);
            }
            i += 1;
        }
        loca.push(glyf.len() as u32);
        if bbox[0] > bbox[2] {
            bbox = [0; 4];
            (min_lsb, min_rsb, max_extent) = (0, 0, 0);
        }
        let n = self.old.len() as u16;
        let short_loca = glyf.len() < 0x20000;

        let mut loca_bytes = Vec::with_capacity(loca.len() * 4);
        for off in loca {
            if short_loca {
                loca_bytes.extend_from_slice(&((off / 2) as u16).to_be_bytes());
            } else {
                loca_bytes.extend_from_slice(&off.to_be_bytes());
            }
        }
        let set = |t: &mut [u8], at: usize, v: i16| t[at..at + 2].copy_from_slice(&v.to_be_bytes());
        let scaled = |t: &[u8], at: usize| face.scale(i32::from(i16_at(t, at).unwrap_or(0))) as i16;
        let mut head = data[face.head.clone()].to_vec();
        head[8..12].copy_from_slice(&[0; 4]);
        set(&mut head, 18, face.subset_upem as i16);
        for (k, v) in bbox.into_iter().enumerate() {
            set(&mut head, 36 + 2 * k, v);
        }
        set(&mut head, 50, if short_loca { 0 } else { 1 });
        let mut hhea = data[face.hhea.clone()].to_vec();
        for at in [4, 6, 8, 22] {
            // Ascender, descender, line gap, caret offset.
            let v = scaled(&hhea, at);
            set(&mut hhea, at, v);
        }
        set(&mut hhea, 10, max_advance as i16);
        set(&mut hhea, 12, min_lsb);
        set(&mut hhea, 14, min_rsb);
        set(&mut hhea, 16, max_extent);
        hhea[34..36].copy_from_slice(&n.to_be_bytes());
        let mut maxp = data[face.maxp.clone()].to_vec();
        maxp[4..6].copy_from_slice(&n.to_be_bytes());
        if maxp.len() >= 28 {
            // maxSizeOfInstructions: none are kept.
            maxp[26..28].copy_from_slice(&[0, 0]);
        }

        write_sfnt(&[
            (b"glyf", glyf),
            (b"head", head),
            (b"hhea", hhea),
            (b"hmtx", hmtx),
            (b"loca", loca_bytes),
            (b"maxp", maxp),
        ])
    }

    /// Appends scaled glyph `g` ([`Face::scaled_glyph`]), remapping composite
    /// components. Returns false when the outline is malformed.
    fn copy_glyph(&mut self, g: &[u8], out: &mut Vec<u8>) -> bool {
        if g.is_empty() {
            return true;
        }
        let Some(contours) = i16_at(g, 0) else {
            return false;
        };
        if contours >= 0 {
            out.extend_from_slice(g);
            return true;
        }
        // Composite: header, then components until MORE_COMPONENTS is clear.
        let base = out.len();
        let Some(header) = g.get(..10) else {
            return false;
        };
        out.extend_from_slice(header);
        let mut p = 10;
        loop {
            let (Some(flags), Some(component)) = (u16_at(g, p), u16_at(g, p + 2)) else {
                out.truncate(base);
                return false;
            };
            let len = component_len(flags);
            let Some(bytes) = g.get(p..p + len) else {
                out.truncate(base);
                return false;
            };
            if usize::from(component) >= self.face.glyphs.len() || self.old.len() >= 0xFFFF {
                out.truncate(base);
                return false;
            }
            let new = self.add(component);
            out.extend_from_slice(&(flags & !INSTRUCTIONS).to_be_bytes());
            out.extend_from_slice(&new.to_be_bytes());
            out.extend_from_slice(&bytes[4..]);
            p += len;
            if flags & MORE == 0 {
                return true;
            }
        }
    }
}

// Composite glyph component flags.
const ARG_WORDS: u16 = 0x0001;
const ARGS_ARE_XY: u16 = 0x0002;
const HAVE_SCALE: u16 = 0x0008;
const MORE: u16 = 0x0020;
const XY_SCALE: u16 = 0x0040;
const TWO_BY_TWO: u16 = 0x0080;
const INSTRUCTIONS: u16 = 0x0100;

/// Bytes of one composite component record (flags, glyph, arguments, transform).
fn component_len(flags: u16) -> usize {
    4 + if flags & ARG_WORDS != 0 { 4 } else { 2 }
        + if flags & HAVE_SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        }
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut w = [0u8; 4];
        w[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(w))
    })
}

/// Writes an sfnt file from tables sorted by tag; sets `head.checkSumAdjustment`.
fn write_sfnt(tables: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let n = tables.len() as u16;
    let mut pow = 1u16;
    let mut log = 0u16;
    while pow * 2 <= n {
        pow *= 2;
        log += 1;
    }
    let mut out = Vec::with_capacity(
        12 + 16 * tables.len() + tables.iter().map(|t| t.1.len() + 3).sum::<usize>(),
    );
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [n, pow * 16, log, n * 16 - pow * 16] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, t) in tables {
        out.extend_from_slice(*tag);
        out.extend_from_slice(&checksum(t).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(t.len() as u32).to_be_bytes());
        offset += t.len().div_ceil(4) * 4;
    }
    for (tag, t) in tables {
        if *tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(t);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::Fonts;
    use std::sync::OnceLock;

    fn fonts() -> &'static Fonts {
        static FONTS: OnceLock<Fonts> = OnceLock::new();
        FONTS.get_or_init(|| Fonts::load().expect("embedded fonts parse"))
    }

    /// The table directory of an sfnt: tag → (offset, length).
    fn tables(font: &[u8]) -> HashMap<[u8; 4], (usize, usize)> {
        let n = usize::from(u16_at(font, 4).unwrap());
        (0..n)
            .map(|i| {
                let rec = 12 + 16 * i;
                let tag: [u8; 4] = font[rec..rec + 4].try_into().unwrap();
                let off = u32_at(font, rec + 8).unwrap() as usize;
                let len = u32_at(font, rec + 12).unwrap() as usize;
                assert!(off + len <= font.len());
                (tag, (off, len))
            })
            .collect()
    }

    #[test]
    fn metrics_and_glyphs_of_the_embedded_face() {
        let face = &fonts().regular;
        assert_ne!(face.glyph('紹'), 0);
        assert_ne!(face.glyph('A'), 0);
        assert_eq!(face.glyph('\u{E000}'), 0, "private use area is empty");
        assert_eq!(face.char_width('紹'), 1.0);
        assert_eq!(face.char_width('A'), 0.5);
        assert_eq!(face.text_width("紹介A", 10.0), 25.0);
        assert!(face.ascent > 0.8 && face.ascent < 0.9, "{}", face.ascent);
        assert!(
            face.descent > 0.1 && face.descent < 0.13,
            "{}",
            face.descent
        );
    }

    #[test]
    fn a_subset_holds_exactly_the_used_glyphs_without_instructions() {
        let face = &fonts().regular;
        let mut subset = Subset::new(face);
        let cids: Vec<u16> = "紹介状紹A\u{E000}".chars().map(|c| subset.cid(c)).collect();
        assert_eq!(cids, [1, 2, 3, 1, 4, 0]);
        let pairs: Vec<(u16, char)> = subset.unicode_pairs().collect();
        assert_eq!(pairs, [(1, '紹'), (2, '介'), (3, '状'), (4, 'A')]);
        assert!(subset.tag().chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(subset.tag().len(), 6);

        // Renumbered in character order: A (U+0041) 介 (U+4ECB) 状 (U+72B6) 紹 (U+7D39).
        let remap = subset.sort_by_unicode();
        assert_eq!(remap, [0, 4, 2, 3, 1]);
        let pairs: Vec<(u16, char)> = subset.unicode_pairs().collect();
        assert_eq!(pairs, [(1, 'A'), (2, '介'), (3, '状'), (4, '紹')]);
        assert_eq!(subset.widths(), [1000, 500, 1000, 1000, 1000]);
        assert_eq!(subset.cid('紹'), 4, "later uses get the new number");

        let font = subset.font_program();
        // The whole file sums to the magic number once head.checkSumAdjustment is set.
        assert_eq!(checksum(&font), 0xB1B0_AFBA);
        let t = tables(&font);
        let mut tags: Vec<&[u8; 4]> = t.keys().collect();
        tags.sort();
        assert_eq!(tags, [b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp"]);
        let (head, _) = t[b"head"];
        assert_eq!(u16_at(&font, head + 18), Some(SUBSET_UNITS_PER_EM));
        assert_eq!(i16_at(&font, head + 50), Some(0), "short loca");
        let (maxp, _) = t[b"maxp"];
        assert_eq!(u16_at(&font, maxp + 4), Some(5));
        let (hhea, _) = t[b"hhea"];
        assert_eq!(u16_at(&font, hhea + 34), Some(5));
        // Ascender and descender scaled from 2048 units per em.
        let ascender = i32::from(i16_at(&font, hhea + 4).unwrap());
        assert!(
            (ascender as f32 / 128.0 - face.ascent).abs() < 0.004,
            "{ascender}"
        );
        let (loca, loca_len) = t[b"loca"];
        assert_eq!(loca_len, 2 * 6);
        let (glyf, glyf_len) = t[b"glyf"];
        let (hmtx, _) = t[b"hmtx"];
        let offsets: Vec<usize> = (0..6)
            .map(|i| 2 * usize::from(u16_at(&font, loca + 2 * i).unwrap()))
            .collect();
        assert!(offsets.windows(2).all(|w| w[0] <= w[1]));
        assert!(glyf_len >= offsets[5] && offsets[5] > 0);
        for (g, offset) in offsets.iter().enumerate().take(5).skip(1) {
            // Each used glyph is a simple outline whose instructions were dropped, with the
            // face's (scaled) box in its header and that box's xMin as left side bearing.
            let at = glyf + offset;
            let contours = i16_at(&font, at).unwrap();
            assert!(contours > 0, "glyph {g}");
            let instructions = u16_at(&font, at + 10 + 2 * contours as usize).unwrap();
            assert_eq!(instructions, 0, "glyph {g}");
            let [x0, y0, x1, y1] = [2, 4, 6, 8].map(|o| i16_at(&font, at + o).unwrap());
            assert_eq!([x0, y0, x1, y1], [0, -15, 128, 113], "glyph {g}");
            assert_eq!(
                i16_at(&font, hmtx + 4 * g + 2),
                Some(x0),
                "lsb of glyph {g}"
            );
        }
        let advances: Vec<u16> = (0..5)
            .map(|g| u16_at(&font, hmtx + 4 * g).unwrap())
            .collect();
        assert_eq!(advances, [128, 64, 128, 128, 128]);
        // Much smaller than the face's own outlines for these glyphs plus its hinting.
        assert!(font.len() < 2_000, "{} bytes", font.len());
    }

    /// Decodes a simple glyph into its end points and (on curve, x, y) points.
    fn decode(g: &[u8]) -> (Vec<u16>, Vec<(bool, i32, i32)>) {
        let contours = i16_at(g, 0).unwrap() as usize;
        let ends: Vec<u16> = (0..contours)
            .map(|i| u16_at(g, 10 + 2 * i).unwrap())
            .collect();
        let n = usize::from(*ends.last().unwrap()) + 1;
        let mut p = 12 + 2 * contours + usize::from(u16_at(g, 10 + 2 * contours).unwrap());
        let mut flags = Vec::new();
        while flags.len() < n {
            let f = g[p];
            p += 1;
            let repeat = if f & 8 != 0 {
                p += 1;
                usize::from(g[p - 1])
            } else {
                0
            };
            flags.extend(std::iter::repeat_n(f, repeat + 1));
        }
        let mut axis = |short: u8, same: u8| -> Vec<i32> {
            let mut v = 0;
            flags
                .iter()
                .map(|&f| {
                    if f & short != 0 {
                        let b = i32::from(g[p]);
                        p += 1;
                        v += if f & same != 0 { b } else { -b };
                    } else if f & same == 0 {
                        v += i32::from(i16_at(g, p).unwrap());
                        p += 2;
                    }
                    v
                })
                .collect()
        };
        let xs = axis(2, 0x10);
        let ys = axis(4, 0x20);
        assert_eq!(p, g.len(), "every byte read");
        let points = (0..n).map(|i| (flags[i] & 1 != 0, xs[i], ys[i])).collect();
        (ends, points)
    }

    #[test]
    fn outlines_are_scaled_to_the_subset_grid() {
        let face = &fonts().regular;
        // Every used glyph of a line of text: the same contours and points, each
        // coordinate the source's / 16 rounded to the nearest unit.
        for c in "紹介状あア様A1〒（".chars() {
            let gid = face.glyph(c);
            let range = face.glyphs[usize::from(gid)].clone();
            let source = &face.data[range.start as usize..range.end as usize];
            let (ends, points) = decode(source);
            let scaled = face.scaled_glyph(gid);
            let (scaled_ends, scaled_points) = decode(scaled);
            assert_eq!(ends, scaled_ends, "{c}");
            assert_eq!(points.len(), scaled_points.len(), "{c}");
            for (&(on, x, y), &(son, sx, sy)) in points.iter().zip(&scaled_points) {
                assert_eq!(on, son, "{c}");
                assert!(
                    (x as f32 / 16.0 - sx as f32).abs() <= 0.5,
                    "{c}: {x} → {sx}"
                );
                assert!(
                    (y as f32 / 16.0 - sy as f32).abs() <= 0.5,
                    "{c}: {y} → {sy}"
                );
            }
            // The header holds the face's box, which contains the scaled points.
            let header: Vec<i32> = [2, 4, 6, 8]
                .map(|o| i32::from(i16_at(scaled, o).unwrap()))
                .to_vec();
            assert_eq!(header, [0, -15, 128, 113], "{c}");
            for &(_, x, y) in &scaled_points {
                assert!(header[0] <= x && x <= header[2], "{c}: x {x}");
                assert!(header[1] <= y && y <= header[3], "{c}: y {y}");
            }
            assert_eq!(
                u16_at(scaled, 10 + 2 * ends.len()),
                Some(0),
                "{c}: no instructions"
            );
            assert!(scaled.len() < source.len(), "{c}");
        }
        assert_eq!(face.scale(8), 1, "a half rounds away from zero");
        assert_eq!(face.scale(-8), -1);
        assert_eq!(face.scale(-7), 0);
        assert_eq!(face.scale(2047), 128);
    }

    #[test]
    fn a_hand_made_glyph_is_scaled_with_short_and_word_deltas() {
        let face = &fonts().regular;
        // One contour: (0,0) and (2048,0) on the curve, (2048,1024) and (2048,2048) off,
        // with word deltas, a repeated flag and two bytes of instructions.
        let mut g = Vec::new();
        for v in [1i16, 0, 0, 2048, 2048, 3, 2] {
            g.extend_from_slice(&v.to_be_bytes());
        }
        g.extend_from_slice(&[0xAA, 0xBB]);
        g.extend_from_slice(&[0x31, 0x21, 0x10 | 0x08, 1]);
        for v in [2048i16, 1024, 1024] {
            g.extend_from_slice(&v.to_be_bytes());
        }
        let mut out = Vec::new();
        assert!(face.scale_glyph(&g, &mut out));
        let (ends, points) = decode(&out);
        assert_eq!(ends, [3]);
        assert_eq!(
            points,
            [
                (true, 0, 0),
                (true, 128, 0),
                (false, 128, 64),
                (false, 128, 128)
            ]
        );
        // Header (the face's box, widened to the glyph's yMax of 128) and end point, no
        // instructions; one flag a point (not repeated); x: 128 as a byte; y: 64 twice.
        assert_eq!(out.len(), 12 + 2 + 4 + 1 + 2);
        assert_eq!(&out[14..18], &[0x31, 0x33, 0x34, 0x34]);
        assert_eq!([i16_at(&out, 6), i16_at(&out, 8)], [Some(128), Some(128)]);

        // A delta beyond a byte is written as a word.
        let mut g = Vec::new();
        for v in [1i16, 0, 0, 8192, 0, 1, 0] {
            g.extend_from_slice(&v.to_be_bytes());
        }
        g.extend_from_slice(&[0x31, 0x21]);
        g.extend_from_slice(&8192i16.to_be_bytes());
        let mut out = Vec::new();
        assert!(face.scale_glyph(&g, &mut out));
        assert_eq!(decode(&out).1, [(true, 0, 0), (true, 512, 0)]);
        assert_eq!(&out[14..16], &[0x31, 0x21]);

        // Truncated: refused.
        assert!(!face.scale_glyph(&g[..g.len() - 1], &mut Vec::new()));
    }

    #[test]
    fn composite_glyphs_pull_in_their_components_renumbered() {
        let face = &fonts().regular;
        let mut subset = Subset::new(face);
        assert_eq!(subset.cid('A'), 1);
        // A composite of glyphs 100 (word offsets, a scale) and 200 (byte offsets, instructions).
        let mut g = Vec::new();
        g.extend_from_slice(&(-1i16).to_be_bytes());
        for v in [-80i16, 0, 2048, 1600] {
            g.extend_from_slice(&v.to_be_bytes());
        }
        g.extend_from_slice(&(0x0001u16 | 0x0002 | 0x0008 | 0x0020).to_be_bytes());
        g.extend_from_slice(&100u16.to_be_bytes());
        g.extend_from_slice(&[0x04, 0x00, 0xFF, 0xF0, 0x40, 0]); // dx 1024, dy -16, scale 1.0
        g.extend_from_slice(&(0x0100u16 | 0x0002).to_be_bytes());
        g.extend_from_slice(&200u16.to_be_bytes());
        g.extend_from_slice(&[24, 0xE8]); // dx 24, dy -24
        g.extend_from_slice(&[0, 3, 1, 2, 3]); // instructions, dropped

        // Scaled: offsets / 16, the header's bounding box too, instructions dropped.
        let mut scaled = Vec::new();
        assert!(face.scale_glyph(&g, &mut scaled));
        assert_eq!(scaled.len(), g.len() - 5);
        let bbox: Vec<i16> = [2, 4, 6, 8].map(|o| i16_at(&scaled, o).unwrap()).to_vec();
        assert_eq!(
            bbox,
            [-5, -15, 128, 113],
            "the face's box, widened to xMin −5"
        );
        assert_eq!(&scaled[14..20], &[0x00, 0x40, 0xFF, 0xFF, 0x40, 0]);
        assert_eq!(
            u16_at(&scaled, 20),
            Some(0x0002),
            "instructions flag cleared"
        );
        assert_eq!(&scaled[24..26], &[2, 0xFE], "1.5 → 2, −1.5 → −2");

        let mut out = Vec::new();
        assert!(subset.copy_glyph(&scaled, &mut out));
        assert_eq!(out.len(), scaled.len());
        assert_eq!(u16_at(&out, 10), Some(0x002B));
        assert_eq!(u16_at(&out, 12), Some(2), "glyph 100 → 2");
        assert_eq!(&out[14..20], &scaled[14..20]);
        assert_eq!(u16_at(&out, 22), Some(3), "glyph 200 → 3");
        assert_eq!(subset.old, [0, face.glyph('A'), 100, 200]);

        // Truncated or pointing past the font: refused, nothing written.
        let mut out = Vec::new();
        assert!(!subset.copy_glyph(&scaled[..15], &mut out));
        assert!(!face.scale_glyph(&g[..15], &mut Vec::new()));
        let mut bad = scaled.clone();
        bad[12..14].copy_from_slice(&u16::MAX.to_be_bytes());
        assert!(!subset.copy_glyph(&bad, &mut out));
        assert!(out.is_empty());
    }
}
