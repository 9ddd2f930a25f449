//! Codes of the diagnostics the importer reports about a draft itself. Stable once released.
//! Errors stop the import (the draft could not be read); the
//! others describe how it was read.

use crate::registry::{Origin, code_table};

code_table! { Origin::Import;
    EMPTY_DRAFT = "I001", "empty-draft", Fatal, "文稿为空，没有可导入的文字。";
    NOT_TEXT = "I002", "not-text", Fatal, "文本文稿既不是 UTF-8 也不是 GB18030（GBK），或含有二进制内容。";
    NOT_DOCX = "I003", "not-docx", Fatal, "文件不是有效的 Word 文档（.docx）：不是 zip 包、zip 包已损坏或缺少 word/document.xml。";
    BAD_XML = "I004", "bad-xml", Fatal, "Word 文档中的 XML 无法解析，或含有 Word 从不写出的 DOCTYPE（实体膨胀）。";
    TOO_LARGE = "I005", "too-large", Fatal, "Word 包解压后超过大小上限（疑似压缩炸弹）。";
    WRONG_EXTENSION = "I006", "wrong-extension", Fatal, "扩展名与内容不符，或不是 guihua 能读取的文稿类型。";
    NUMBER_SEQUENCE = "I007", "number-sequence", Error, "手写编号跳号、重复或顺序不对（如（三）之后是（五）；专栏编号不连续）。";
    NUMBER_STYLE = "I008", "number-style", Error, "手写编号的样式不对：同一级换了样式（（七）之后是（8）），或用了半角括号 (一)。";
    TOC_MISMATCH = "I009", "toc-mismatch", Warning, "目录与正文标题不一致：目录中的条目在正文中找不到，或正文标题没有列入目录。";
    COLUMN_LIST = "I010", "column-list-mismatch", Warning, "专栏目录中的标题与正文中的专栏标题不一致，或列出了正文中没有的专栏。";
    TRACKED = "I011", "tracked-changes", Warning, "Word 文档含有未处理的修订，已按“接受全部修订”读取。";
    ENCODING = "I012", "encoding", Info, "文本文稿不是 UTF-8，已按检测到的编码（GB18030、UTF-16）读取。";
    JOINED = "I013", "joined-lines", Info, "段落在句子中间断行（多为分页或从 PDF 复制所致），已接回上一段。";
}
