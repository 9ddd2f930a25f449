//! Codes of the diagnostics the loader reports. Stable once released: a retired code is never
//! reused. Every one is an error guihua.yaml cannot lower: a file that did not load leaves the model
//! incomplete. The registry (crate::registry) lists them with every other code.

use crate::registry::{Origin, code_table};

code_table! { Origin::Load;
    YAML_SYNTAX = "L001", "yaml-syntax", Fatal, "YAML 语法错误：文件无法解析。";
    INVALID_UTF8 = "L002", "invalid-utf8", Fatal, "文件不是有效的 UTF-8 编码（例如从 Word 另存为 GBK）。";
    EMPTY_FILE = "L003", "empty-file", Fatal, "文件为空或只有注释。";
    UNKNOWN_KEY = "L004", "unknown-key", Fatal, "出现了该类文件不认识的键，通常是拼写错误。";
    WRONG_TYPE = "L005", "wrong-type", Fatal, "值的类型不对，例如需要列表却写了文本。";
    MISSING_KEY = "L006", "missing-key", Fatal, "缺少必填的键。";
    DUPLICATE_ID = "L007", "duplicate-id", Fatal, "同一规划内 id 重复（章、节、专栏、表、指标），或工作区内规划 id 重复。";
    DANGLING_REF = "L008", "dangling-reference", Fatal, "引用了不存在的专栏、表、指标、章节文件或上级规划。";
    INVALID_VALUE = "L009", "invalid-value", Fatal, "取值不在允许范围内（阶段、属性、行政层级、年份、日期、id 格式等）。";
    ALIAS = "L010", "yaml-alias", Fatal, "不支持 YAML 锚点别名（*name）：会造成重复内容，且可被用来制造“别名炸弹”。";
    TOO_DEEP = "L011", "too-deep", Fatal, "YAML 嵌套层数超过上限，或节的层级超过四级。";
    DUPLICATE_KEY = "L012", "duplicate-key", Fatal, "同一映射中键重复，后一个会被忽略。";
    UNKNOWN_REFERENCE = "L013", "unknown-text-reference", Fatal, "正文中的 {{…}} 引用无法解析。";
    INVALID_FIGURE = "L014", "invalid-figure", Fatal, "指标值既不是数字（可带限定词），也不是“/”或“不适用”，例如 ##、？、待定。";
    IO_ERROR = "L015", "io-error", Fatal, "文件或目录无法读取。";
    UNPLACED = "L016", "unplaced-item", Fatal, "专栏或指标表没有被任何章节放置，或被放置了不止一次。";
    PERIOD = "L017", "invalid-period", Fatal, "规划期、基期年或目标年不合理（起始晚于结束、目标年早于基期年等）。";
}
