//! Codes the PDF renderer reports. P001 is also reported by `guihua check` (a character
//! no font of its role has) and may be configured like a rule; a Typst failure stops the PDF.

use crate::registry::{Origin, code_table};

code_table! { Origin::Pdf;
    MISSING_GLYPH = "P001", "missing-glyph", Error, "PDF 所用字体中没有这个字符（例如 㠠）：生成 PDF 前逐字核对，指向 YAML 中的位置。";
    TYPST_ERROR = "P002", "typst-error", Fatal, "PDF 模板排版出错（模板语法、字段访问等）。";
    TYPST_WARNING = "P003", "typst-warning", Fatal, "PDF 排版警告（如模板引用了本机没有的字体），不会被静默忽略，视为失败。";
}
