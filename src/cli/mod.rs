//! Command-line interface. Thin: parses arguments, calls the library, prints, and maps the
//! outcome to an exit code (0 clean, 1 problems found, 2 usage or I/O failure).

mod build;
mod check;
mod diff;
mod feedback;
mod fix;
mod import;
mod list;
mod new;
mod release;
mod rules;
mod schema;
mod serve;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "guihua",
    version,
    about = "规划编制工具链：检查、渲染（Markdown / HTML / PDF）和发布结构化规划",
    long_about = "guihua（规划）把 plans/ 下的结构化 YAML 规划源文件编译为 Markdown、HTML 和 PDF，\n检查规划内外的一致性，并发布征求意见稿。\n\n退出码：0 无问题；1 发现错误；2 用法错误或读写失败。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 诊断中文件路径的起点目录；默认取工作区所在 git 仓库的根目录，不在仓库中时为工作区本身
    #[arg(long, global = true, value_name = "目录")]
    pub root: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// 人类可读（类似 rustc）
    Human,
    /// JSON，供程序读取
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum CheckFormat {
    /// 人类可读（类似 rustc）
    Human,
    /// JSON，供程序读取
    Json,
    /// GitHub Actions 注释（::error file=…）
    Github,
    /// SARIF 2.1.0，供代码扫描上传
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Deny {
    /// 把警告也当作失败
    Warnings,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 检查工作区中的全部规划，一次列出所有问题
    Check {
        /// 工作区目录（含 guihua.yaml 或 plans/），默认当前目录；也可以是一个或多个文稿
        /// （.docx、.md、.txt），直接检查文稿本身
        path: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// `--deny warnings`：有警告时也以退出码 1 结束
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// 是否使用颜色
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// 就地应用安全修复（亿元亿元 → 亿元、半角标点 → 全角等），修复后重新加载并检查
        #[arg(long)]
        fix: bool,
        /// 只打印修复会做的改动（统一 diff 格式），不写任何文件
        #[arg(long)]
        diff: bool,
        /// 同时应用需要人工确认的修复（与 --fix 或 --diff 一起使用）
        #[arg(long)]
        unsafe_fixes: bool,
        /// 只列出错误和警告，不列提示（info）；最后的汇总行照常给出全部计数
        #[arg(long, short)]
        quiet: bool,
    },
    /// 语言服务器（LSP，经标准输入输出）：编辑器中实时诊断、悬停、跳转到定义、补全、快速修复
    Lsp {
        /// 工作区目录；默认取客户端给出的 rootUri，否则当前目录
        path: Option<PathBuf>,
    },
    /// 导入 Word、Markdown 或纯文本文稿，生成规划源文件目录
    Import {
        /// 文稿：.docx、.md 或 .txt
        draft: PathBuf,
        /// 规划 id（目录名）；默认取文件名
        #[arg(long)]
        id: Option<String>,
        /// 写入的工作区；不存在时新建。默认当前目录
        #[arg(long, default_value = ".")]
        into: PathBuf,
        /// 规划目录已存在时覆盖
        #[arg(long)]
        force: bool,
        /// 把正文中与指标表目标值相同的数字（同一段写明了指标名称）改为引用 {{指标.target}}
        #[arg(long)]
        link_figures: bool,
        /// 是否使用颜色
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// 发布一个版本：检查通过后生成 md / html / pdf、征求意见通知、意见反馈表、修订对照表和清单
    Release(release::Args),
    /// 比较同一规划的两个版本，生成修订对照表（md / html / pdf）
    Diff {
        /// 旧版本：发布目录、工作区或规划目录
        old: Option<PathBuf>,
        /// 新版本：发布目录、工作区或规划目录
        new: Option<PathBuf>,
        /// 两个 git 版本，如 v1..HEAD（在工作区的 git 仓库中取源文件）
        #[arg(long)]
        rev: Option<String>,
        /// 规划 id；两边只有一个规划时可省略
        #[arg(long)]
        plan: Option<String>,
        /// 输出目录；默认 <out_dir>/diff/<规划id>
        #[arg(long)]
        out: Option<PathBuf>,
        /// 输出格式，逗号分隔：md,html,pdf,docx；默认全部
        #[arg(long, value_enum, value_delimiter = ',')]
        format: Vec<crate::output::Format>,
        /// 工作区目录（用于 --rev 和默认输出目录），默认当前目录
        #[arg(long, default_value = ".")]
        workspace: PathBuf,
    },
    /// 征求意见：导入返回的意见，生成意见采纳情况表
    #[command(subcommand)]
    Feedback(feedback::FeedbackCommand),
    /// 列出全部检查规则；给出代码时显示该规则的说明和正反示例
    Rules {
        /// 规则代码，如 T003
        code: Option<String>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// 实时预览：在 127.0.0.1 上提供各规划的页面，保存即重新检查、刷新，问题标在页面中
    Serve {
        /// 工作区目录，默认当前目录
        path: Option<PathBuf>,
        /// 端口；0 表示任选一个空闲端口（启动时打印实际地址）
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// 启动后用默认浏览器打开目录页
        #[arg(long)]
        open: bool,
    },
    /// 构建输出（Markdown / HTML / PDF）
    Build {
        /// 工作区目录，默认当前目录
        path: Option<PathBuf>,
        /// 输出格式，逗号分隔：md,html,pdf,docx；默认全部
        #[arg(long, value_enum, value_delimiter = ',')]
        format: Vec<crate::output::Format>,
        /// 输出目录；默认 guihua.yaml 中的 out_dir（out）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 是否使用颜色
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// 新建一个能通过检查的规划骨架
    New {
        /// 规划 id（即目录名），如 qinhuangdao-2024
        id: String,
        /// 规划区域，如 秦皇岛市
        #[arg(long)]
        region: String,
        /// 规划期，如 2024-2027
        #[arg(long)]
        period: String,
        /// 规划全称；默认由区域和规划期生成
        #[arg(long)]
        title: Option<String>,
        /// 行政层级：国家 | 省级 | 地级市 | 县级 | 功能区；默认按区域名称推断
        #[arg(long)]
        level: Option<String>,
        /// 编制单位；默认“<区域>发展和改革委员会”
        #[arg(long)]
        issuer: Option<String>,
        /// 日期 YYYY-MM 或 YYYY-MM-DD；草稿可不写，征求意见稿起必填
        #[arg(long)]
        date: Option<String>,
        /// 工作区目录，默认当前目录
        #[arg(long, default_value = ".")]
        workspace: PathBuf,
    },
    /// 列出工作区中的规划：阶段、规划期、章 / 专栏 / 指标数
    List {
        /// 工作区目录，默认当前目录
        path: Option<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
    },
    /// 输出各类源文件的 JSON Schema，供编辑器自动补全和校验
    Schema {
        /// 只输出这一类
        #[arg(value_parser = clap::builder::PossibleValuesParser::new(crate::schema::KINDS))]
        kind: Option<String>,
        /// 把全部 schema 写入此目录（<kind>.schema.json）
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    ExitCode::SUCCESS
                }
                _ => ExitCode::from(2),
            };
        }
    };
    let code = match cli.command {
        Command::Check {
            path,
            format,
            deny,
            color,
            fix,
            diff,
            unsafe_fixes,
            quiet,
        } => {
            let fix = (fix || diff).then_some(check::FixMode {
                write: !diff,
                unsafe_fixes,
            });
            if unsafe_fixes && fix.is_none() {
                eprintln!("错误：--unsafe-fixes 要与 --fix 或 --diff 一起使用");
                2
            } else {
                let out = check::Output {
                    format,
                    color,
                    deny_warnings: deny.is_some(),
                    quiet,
                    root: cli.root.clone(),
                };
                check::run(path, out, fix)
            }
        }
        Command::Rules { code, format } => rules::run(code, format),
        Command::Lsp { path } => crate::lsp::run(&workspace_root(path)),
        Command::Feedback(command) => feedback::run(&command),
        Command::Import {
            draft,
            id,
            into,
            force,
            link_figures,
            color,
        } => import::run(
            import::Args {
                draft,
                id,
                into,
                force,
                link_figures,
            },
            use_color(color, std::io::IsTerminal::is_terminal(&std::io::stdout())),
        ),
        Command::Release(args) => release::run(args, cli.root.as_deref()),
        Command::Diff {
            old,
            new,
            rev,
            plan,
            out,
            format,
            workspace,
        } => diff::run(diff::Args {
            old,
            new,
            rev,
            plan,
            out,
            format,
            workspace,
        }),
        Command::Serve { path, port, open } => serve::run(path, port, open),
        Command::Build {
            path,
            format,
            out,
            color,
        } => build::run(path, format, out, color, cli.root.as_deref()),
        Command::New {
            id,
            region,
            period,
            title,
            level,
            issuer,
            date,
            workspace,
        } => new::run(
            new::NewPlan {
                id,
                region,
                period,
                title,
                level,
                issuer,
                date,
            },
            &workspace,
        ),
        Command::List { path, format } => list::run(path, format),
        Command::Schema { kind, out } => schema::run(kind, out),
    };
    ExitCode::from(code)
}

/// Whether to colour output: `--color`, else a terminal without `NO_COLOR`.
pub(crate) fn use_color(choice: ColorChoice, stream_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => stream_is_terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// Where diagnostic paths start, as the workspace's path from there: `--root`, else the
/// git repository holding the workspace (a `.git` directory or file above it), else the
/// workspace itself (an empty prefix). GitHub annotations and SARIF need repository paths.
pub(crate) fn path_prefix(workspace: &Path, root: Option<&Path>) -> Result<PathBuf, String> {
    let ws = std::fs::canonicalize(workspace).unwrap_or_else(|_| workspace.to_path_buf());
    let base = match root {
        Some(r) => std::fs::canonicalize(r)
            .map_err(|e| format!("--root 指定的目录 {} 无法读取：{e}", r.display()))?,
        None => match ws.ancestors().find(|d| d.join(".git").exists()) {
            Some(repo) => repo.to_path_buf(),
            None => return Ok(PathBuf::new()),
        },
    };
    ws.strip_prefix(&base).map(Path::to_path_buf).map_err(|_| {
        format!(
            "工作区 {} 不在 --root 指定的目录 {} 之内；--root 应是工作区本身或它的上级目录（通常是仓库根目录）",
            ws.display(),
            base.display()
        )
    })
}

/// The workspace root for an optional PATH argument.
pub(crate) fn workspace_root(path: Option<PathBuf>) -> PathBuf {
    target(path).root
}

/// What a PATH argument names: the workspace it lies in, and where inside it (empty for
/// the workspace itself). A plan's folder, or a file in it, restricts `check` and `build`
/// to that plan.
pub(crate) struct Target {
    pub root: PathBuf,
    pub inside: PathBuf,
}

pub(crate) fn target(path: Option<PathBuf>) -> Target {
    let p = path.unwrap_or_else(|| PathBuf::from("."));
    let root = crate::load::find_root(&p);
    let abs = std::path::absolute(&p).unwrap_or(p);
    let inside = abs
        .strip_prefix(&root)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Target { root, inside }
}

impl Target {
    /// The id of the plan the path is inside, if any.
    pub(crate) fn plan(&self, ws: &crate::model::Workspace) -> Option<String> {
        ws.plan_at(&self.inside).map(|p| p.id.clone())
    }
}

/// A PATH that does not exist is a usage error, not an empty workspace.
pub(crate) fn require_exists(path: Option<&Path>) -> Result<(), String> {
    match path {
        Some(p) if !p.exists() => Err(format!(
            "路径 {} 不存在；应给出工作区目录（含 guihua.yaml 或 plans/）、其中某个规划的目录，或文稿文件",
            p.display()
        )),
        _ => Ok(()),
    }
}
