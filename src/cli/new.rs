//! `guihua new`: prints what [`crate::scaffold::create`] wrote.

pub use crate::scaffold::NewPlan;

pub fn run(args: NewPlan, workspace: &std::path::Path) -> u8 {
    match crate::scaffold::create(&args, workspace) {
        Ok(made) => {
            println!("已创建规划 {}（{}）：", args.id, made.title);
            for path in &made.files {
                println!(
                    "  {}",
                    path.strip_prefix(&made.root).unwrap_or(path).display()
                );
            }
            println!(
                "下一步：编辑 {}/chapters/ 下的章节文件，然后运行 guihua check",
                made.dir
                    .strip_prefix(&made.root)
                    .unwrap_or(&made.dir)
                    .display()
            );
            0
        }
        Err(why) => {
            eprintln!("错误：{why}");
            2
        }
    }
}
