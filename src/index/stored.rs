//! How a body is stored: in GB18030 when that gives it back unchanged,
//! else in UTF-8, behind one byte saying which; and once the index has a
//! dictionary of its bodies, compressed with zstd against it.
//!
//! A hanzi takes three bytes in UTF-8 and two in GB18030, and lz4 finds
//! little to shorten in Chinese text either way: on the xwlb archive the
//! store, most of it bodies, went from 87 MB to about 66 MB. GB18030 can
//! write every code point, but the encoder (the WHATWG one, as browsers
//! use) refuses U+E5E5 and a few mappings do not round-trip, so an
//! encoding is kept only when decoding it gives the same text back.
//!
//! An article is a kilobyte or two, too short for a compressor to learn
//! the language from: zstd on one body alone saves a quarter, and
//! tantivy's zstd store, which compresses blocks of several bodies, makes
//! every hit set up a fresh decompressor. A zstd dictionary trained on the
//! index's own first bodies (the phrases and characters this newspaper
//! repeats) brings a body to about half of its GB18030 bytes, and each
//! body decompresses alone in a few microseconds. The dictionary is the
//! file [`DICTIONARY_FILE`] in the index folder, written once, before any
//! body that needs it, and never changed; an index without one (too few
//! articles to learn from yet) stores bodies as before.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use encoding_rs::GB18030;
use zstd::bulk::{Compressor, Decompressor};

use crate::error::{Error, Result};

const UTF8: u8 = 0;
const GB: u8 = 1;
/// zstd, against the index's dictionary, of what [`encode_plain`] makes.
const ZSTD: u8 = 2;

/// The dictionary's file in the index folder.
pub const DICTIONARY_FILE: &str = "bodies.zdict";

/// Bodies a dictionary is trained on: the first of an ingest run.
pub const DICTIONARY_SAMPLES: usize = 5_000;

/// Fewer bodies than this teach a dictionary too little to be worth
/// keeping for the life of the index.
pub const DICTIONARY_MIN_SAMPLES: usize = 2_000;

/// The largest dictionary. On the xwlb archive, trained on 10,000 bodies:
/// 112 KiB gave 60% of GB18030, 512 KiB 52% (level 6); 5,000 bodies
/// instead of 10,000 gave 52.4% instead of 52.0%.
const DICTIONARY_MAX_BYTES: usize = 512 * 1024;

/// zstd's level. On the xwlb archive (dictionary of 512 KiB), levels 4,
/// 5 and 6 made the bodies 56.1%, 52.8% and 52.4% of GB18030, at 1.1,
/// 1.7 and 2.7 s of one core for the whole archive.
const LEVEL: i32 = 5;

/// The bodies' dictionary, with contexts to reuse: making a zstd context
/// and loading a dictionary into it costs more than a body.
struct Dictionary {
    bytes: Vec<u8>,
    compressors: Mutex<Vec<Compressor<'static>>>,
    decompressors: Mutex<Vec<Decompressor<'static>>>,
}

impl Dictionary {
    fn new(bytes: Vec<u8>) -> Dictionary {
        Dictionary {
            bytes,
            compressors: Mutex::new(Vec::new()),
            decompressors: Mutex::new(Vec::new()),
        }
    }

    fn compress(&self, plain: &[u8]) -> Option<Vec<u8>> {
        pooled(
            &self.compressors,
            || Compressor::with_dictionary(LEVEL, &self.bytes).ok(),
            |c| c.compress(plain).ok(),
        )
    }

    fn decompress(&self, frame: &[u8]) -> Option<Vec<u8>> {
        let size = usize::try_from(zstd::zstd_safe::get_frame_content_size(frame).ok()??).ok()?;
        pooled(
            &self.decompressors,
            || Decompressor::with_dictionary(&self.bytes).ok(),
            |d| d.decompress(frame, size).ok(),
        )
    }
}

/// Runs `work` with a context from `pool` (made by `make` when the pool is
/// empty), and puts the context back.
fn pooled<C, R>(
    pool: &Mutex<Vec<C>>,
    make: impl FnOnce() -> Option<C>,
    work: impl FnOnce(&mut C) -> Option<R>,
) -> Option<R> {
    let taken = pool.lock().ok()?.pop();
    let mut context = match taken {
        Some(c) => c,
        None => make()?,
    };
    let out = work(&mut context);
    if let Ok(mut pool) = pool.lock() {
        pool.push(context);
    }
    out
}

/// Encodes and decodes the stored bodies of one index.
pub struct BodyCodec {
    /// The index folder; `None` for an index in memory.
    dir: Option<PathBuf>,
    dictionary: OnceLock<Dictionary>,
}

impl BodyCodec {
    /// The codec of the index in `dir` (`None`: in memory), with its
    /// dictionary when it has one.
    pub fn open(dir: Option<&Path>) -> Result<BodyCodec> {
        let codec = BodyCodec {
            dir: dir.map(Path::to_path_buf),
            dictionary: OnceLock::new(),
        };
        codec.load()?;
        Ok(codec)
    }

    /// Reads the dictionary file, when there is one and none is loaded
    /// yet: another process (an ingest beside a server) may have written
    /// it since this one opened the index.
    fn load(&self) -> Result<()> {
        let Some(path) = self.dictionary_path() else {
            return Ok(());
        };
        if self.dictionary.get().is_some() || !path.exists() {
            return Ok(());
        }
        let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
        let _ = self.dictionary.set(Dictionary::new(bytes));
        Ok(())
    }

    fn dictionary_path(&self) -> Option<PathBuf> {
        self.dir.as_ref().map(|d| d.join(DICTIONARY_FILE))
    }

    /// Whether bodies are compressed against a dictionary.
    pub fn has_dictionary(&self) -> bool {
        self.dictionary.get().is_some()
    }

    /// Trains the index's dictionary on `bodies` and keeps it (in the
    /// index folder first, for an index on disk). Nothing happens, and
    /// `false` says so, when there is one already or too few bodies to
    /// learn from.
    pub fn train(&self, bodies: &[&str]) -> Result<bool> {
        self.load()?;
        if self.has_dictionary() || bodies.len() < DICTIONARY_MIN_SAMPLES {
            return Ok(false);
        }
        let samples: Vec<Vec<u8>> = bodies.iter().map(|b| encode_plain(b)).collect();
        let total: usize = samples.iter().map(Vec::len).sum();
        // A dictionary an eighth of its samples' size: 5,000 bodies of
        // the xwlb archive (5 MB) made one of 512 KiB.
        let size = (total / 8).clamp(4096, DICTIONARY_MAX_BYTES);
        let bytes = match zstd::dict::from_samples(&samples, size) {
            Ok(bytes) => bytes,
            Err(e) => {
                tracing::warn!("no dictionary for the stored bodies: {e}");
                return Ok(false);
            }
        };
        if let Some(path) = self.dictionary_path() {
            write_durably(&path, &bytes)?;
        }
        Ok(self.dictionary.set(Dictionary::new(bytes)).is_ok())
    }

    /// The bytes stored for `text`.
    pub fn encode(&self, text: &str) -> Vec<u8> {
        let plain = encode_plain(text);
        if let Some(frame) = self.dictionary.get().and_then(|d| d.compress(&plain))
            && frame.len() + 1 < plain.len()
        {
            let mut out = Vec::with_capacity(frame.len() + 1);
            out.push(ZSTD);
            out.extend_from_slice(&frame);
            return out;
        }
        plain
    }

    /// The text of stored bytes; `None` for bytes [`encode`](Self::encode)
    /// never made, or compressed against a dictionary this index lacks.
    pub fn decode(&self, bytes: &[u8]) -> Option<String> {
        match bytes.split_first()? {
            (&ZSTD, frame) => {
                if self.dictionary.get().is_none() {
                    self.load().ok()?;
                }
                let plain = self.dictionary.get()?.decompress(frame)?;
                // Plain bytes inside, never another frame.
                decode_plain(&plain)
            }
            _ => decode_plain(bytes),
        }
    }
}

/// Writes `bytes` to `path` whole or not at all, and on disk before
/// returning.
fn write_durably(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let io = |e| Error::io(path, e);
    let mut file = std::fs::File::create(&tmp).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)?;
    if let Some(dir) = path.parent() {
        std::fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| Error::io(dir, e))?;
    }
    Ok(())
}

/// `text` in GB18030 or UTF-8, behind the byte saying which.
fn encode_plain(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = GB18030.encode(text);
    if !unmappable
        && GB18030
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .is_some_and(|back| back == text)
    {
        let mut out = Vec::with_capacity(bytes.len() + 1);
        out.push(GB);
        out.extend_from_slice(&bytes);
        return out;
    }
    let mut out = Vec::with_capacity(text.len() + 1);
    out.push(UTF8);
    out.extend_from_slice(text.as_bytes());
    out
}

/// The text of what [`encode_plain`] made.
fn decode_plain(bytes: &[u8]) -> Option<String> {
    match bytes.split_first()? {
        (&GB, rest) => GB18030
            .decode_without_bom_handling_and_without_replacement(rest)
            .map(|s| s.into_owned()),
        (&UTF8, rest) => std::str::from_utf8(rest).ok().map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXTS: [&str; 6] = [
        "",
        "央视网消息（新闻联播）：集体经济发展壮大。",
        "ASCII, digits 2024 and emoji 🇨🇳 mixed with 漢字",
        "a private-use character \u{e5e5} and \u{e000}",
        "line one\nline two\r\n\u{0}",
        "𠀀𪚥 beyond the basic plane",
    ];

    /// `n` different bodies: windows onto a passage of party-building news.
    fn bodies(n: usize) -> Vec<String> {
        const PASSAGE: &str = "村党支部书记带领党员干部发展集体经济，建起合作社，\
            把为民服务的实事办在群众心坎上。社区推行网格化管理，志愿服务队走进养老服务中心，\
            第一书记驻村帮扶，乡村振兴的产业发展和人才振兴一起抓，村规民约写进红色教育课堂。";
        let chars: Vec<char> = PASSAGE.chars().collect();
        (0..n)
            .map(|i| {
                let window: String = chars
                    .iter()
                    .cycle()
                    .skip(i * 7 % chars.len())
                    .take(200)
                    .collect();
                format!("第{i}篇：{window}")
            })
            .collect()
    }

    fn trained(dir: Option<&Path>) -> BodyCodec {
        let codec = BodyCodec::open(dir).unwrap();
        let bodies = bodies(DICTIONARY_MIN_SAMPLES);
        let refs: Vec<&str> = bodies.iter().map(String::as_str).collect();
        assert!(codec.train(&refs).unwrap());
        codec
    }

    #[test]
    fn text_comes_back_unchanged() {
        let plain = BodyCodec::open(None).unwrap();
        let compressing = trained(None);
        let long = bodies(1).remove(0);
        for codec in [&plain, &compressing] {
            for text in TEXTS.iter().copied().chain([long.as_str()]) {
                let stored = codec.encode(text);
                assert_eq!(codec.decode(&stored).as_deref(), Some(text), "{text:?}");
            }
        }
    }

    #[test]
    fn chinese_is_stored_in_two_bytes_a_character() {
        let text = "基层党组织换届选举工作";
        let plain = BodyCodec::open(None).unwrap().encode(text);
        assert_eq!(plain.len(), 1 + 2 * text.chars().count());
    }

    #[test]
    fn with_a_dictionary_a_body_takes_a_fraction_of_its_gb18030_bytes() {
        let codec = trained(None);
        let body = &bodies(DICTIONARY_MIN_SAMPLES + 1)[DICTIONARY_MIN_SAMPLES];
        let stored = codec.encode(body);
        assert_eq!(stored[0], ZSTD);
        assert!(
            stored.len() * 3 < encode_plain(body).len(),
            "{} bytes",
            stored.len()
        );
        // A text that would not shrink stays as it was.
        assert_eq!(codec.encode("党")[0], GB);
    }

    #[test]
    fn too_few_bodies_teach_no_dictionary() {
        let codec = BodyCodec::open(None).unwrap();
        let bodies = bodies(DICTIONARY_MIN_SAMPLES - 1);
        let refs: Vec<&str> = bodies.iter().map(String::as_str).collect();
        assert!(!codec.train(&refs).unwrap());
        assert!(!codec.has_dictionary());
        assert_eq!(codec.encode(&bodies[0])[0], GB);
    }

    #[test]
    fn the_dictionary_is_kept_in_the_index_folder_and_read_when_needed() {
        let dir = tempfile::tempdir().unwrap();
        // Opened before the dictionary existed, as a server beside an ingest.
        let reader = BodyCodec::open(Some(dir.path())).unwrap();
        let writer = trained(Some(dir.path()));
        assert!(dir.path().join(DICTIONARY_FILE).exists());
        let body = &bodies(3)[2];
        let stored = writer.encode(body);
        assert_eq!(stored[0], ZSTD);
        assert_eq!(reader.decode(&stored).as_deref(), Some(body.as_str()));
        assert_eq!(
            BodyCodec::open(Some(dir.path()))
                .unwrap()
                .decode(&stored)
                .as_deref(),
            Some(body.as_str())
        );
        // A second training never replaces it.
        let refs: Vec<&str> = TEXTS.to_vec();
        assert!(!writer.train(&refs).unwrap());
    }

    #[test]
    fn a_body_compressed_against_a_missing_dictionary_is_not_text() {
        let stored = trained(None).encode(&bodies(1)[0]);
        assert_eq!(BodyCodec::open(None).unwrap().decode(&stored), None);
    }

    #[test]
    fn what_refuses_gb18030_is_stored_as_utf8() {
        let text = "\u{e5e5}";
        assert_eq!(BodyCodec::open(None).unwrap().encode(text)[0], UTF8);
    }

    #[test]
    fn unknown_bytes_are_not_text() {
        let codec = trained(None);
        assert_eq!(codec.decode(&[]), None);
        assert_eq!(codec.decode(&[7, b'a']), None);
        assert_eq!(codec.decode(&[UTF8, 0xff]), None);
        assert_eq!(codec.decode(&[ZSTD, 1, 2, 3]), None);
        // A compressed body holds plain bytes, never another frame.
        let inner = codec.encode(&bodies(1)[0]);
        let frame = codec.dictionary.get().unwrap().compress(&inner).unwrap();
        assert_eq!(codec.decode(&[&[ZSTD][..], &frame].concat()), None);
    }
}
