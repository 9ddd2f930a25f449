//! Property tests: no input makes the draft readers or the recogniser panic. Random bytes as
//! .docx/.txt/.md, random byte flips in a real Word file, random edits of its document.xml.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use proptest::prelude::*;

fn run(name: &str, bytes: Vec<u8>) {
    if let Ok(d) = guihua::import::read_draft(Path::new(name), bytes) {
        // Whatever was read goes through the recogniser and the YAML writer too.
        let imp = guihua::import::import(d, "p");
        assert!(!imp.files.is_empty());
    }
}

fn combined() -> Vec<u8> {
    std::fs::read(common::repo().join("tests/fixtures/import/combined.docx")).unwrap()
}

/// The package's parts, in order.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().unwrap().into_owned(), v)
        })
        .collect()
}

fn rezip(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut buf);
    for (name, data) in parts {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap();
    buf.into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        run("a.docx", bytes.clone());
        run("a.txt", bytes.clone());
        run("a.md", bytes);
    }

    #[test]
    fn random_text_never_panics(text in "[一二三四五（）()、。，1-9.专栏表\t \n*#>-◆]{0,400}") {
        run("a.txt", text.clone().into_bytes());
        run("a.md", text.into_bytes());
    }

    #[test]
    fn flipped_bytes_in_a_word_file_never_panic(
        flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..16)
    ) {
        let mut bytes = combined();
        for (i, b) in flips {
            let k = i.index(bytes.len());
            bytes[k] = b;
        }
        run("a.docx", bytes);
    }

    #[test]
    fn edited_document_xml_never_panics(
        edits in proptest::collection::vec(
            (any::<prop::sample::Index>(), 0usize..40, "(<w:p>|</w:p>|<w:t>|</w:t>|<w:tbl>|</w:tc>|<w:vMerge/>|<w:gridSpan w:val=\"99\"/>|<w:fldChar w:fldCharType=\"begin\"/>|<w:txbxContent>|&amp;|&#x0;|[一二、（）]{0,4})"),
            1..8,
        )
    ) {
        let mut ps = parts(&combined());
        let doc = ps.iter_mut().find(|(n, _)| n == "word/document.xml").unwrap();
        let mut xml = String::from_utf8(doc.1.clone()).unwrap();
        for (at, del, ins) in edits {
            let mut k = at.index(xml.len());
            while !xml.is_char_boundary(k) {
                k -= 1;
            }
            let mut end = (k + del).min(xml.len());
            while !xml.is_char_boundary(end) {
                end += 1;
            }
            xml.replace_range(k..end, &ins);
        }
        doc.1 = xml.into_bytes();
        run("a.docx", rezip(&ps));
    }
}

/// A zip bomb is refused within a time and memory bound: the reader never holds more than
/// the part limit, whatever the entry declares.
#[test]
fn zip_bomb_is_refused_quickly() {
    let bomb = common::zip_bomb("word/document.xml");
    assert!(bomb.len() < 8 << 20, "{} bytes", bomb.len());
    let t = std::time::Instant::now();
    let e = guihua::import::read_draft(Path::new("bomb.docx"), bomb).unwrap_err();
    assert_eq!(e.code, "I005");
    assert!(t.elapsed().as_secs_f32() < 1.0, "{:?}", t.elapsed());
}
