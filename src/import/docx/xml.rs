//! Streaming the XML parts of a package: every event with DOCTYPE refused, errors placed at
//! their line and column, and the attribute helpers all readers share.

use quick_xml::events::{BytesStart, Event};

use super::package::err;
use crate::import::codes;
use crate::import::draft::ReadError;

fn xml_err(part: &str, xml: &[u8], pos: u64, e: impl std::fmt::Display) -> ReadError {
    let pos = (pos as usize).min(xml.len());
    let line = xml[..pos].iter().filter(|&&b| b == b'\n').count() + 1;
    let col = pos
        - xml[..pos]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1)
        + 1;
    err(
        codes::BAD_XML,
        format!("{part} 第 {line} 行第 {col} 列的 XML 无法解析：{e}"),
        "文件已损坏或不是 Word 保存的；请在 Word 或 WPS 中打开后重新保存为 .docx",
    )
}

pub(super) fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

pub(super) fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (local(a.key.as_ref()) == key).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// w:b, w:vMerge …: on unless val says off.
pub(super) fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// Every event of a part, with DOCTYPE (and so entity declarations) refused.
pub(super) fn events<'a>(
    part: &str,
    xml: &'a [u8],
    mut f: impl FnMut(&Event<'a>) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    reader.config_mut().check_end_names = true;
    loop {
        let pos = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(Event::DocType(_)) => {
                return Err(xml_err(
                    part,
                    xml,
                    pos,
                    "含有 DOCTYPE 声明（Word 从不写出；可被用来构造实体膨胀攻击）",
                ));
            }
            Ok(ev) => f(&ev)?,
            Err(e) => return Err(xml_err(part, xml, reader.error_position(), e)),
        }
    }
}

pub(super) fn text_of(ev: &Event) -> Option<String> {
    match ev {
        // Undefined entities (only a DOCTYPE could define them) make unescape fail: such
        // text is dropped rather than guessed at, and DOCTYPE itself is refused.
        Event::Text(t) => Some(t.unescape().map(|c| c.into_owned()).unwrap_or_default()),
        Event::CData(t) => Some(String::from_utf8_lossy(t).into_owned()),
        _ => None,
    }
}
