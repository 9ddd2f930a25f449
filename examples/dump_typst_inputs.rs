//! Writes a plan's Typst inputs (the template and its data file) to a directory, so
//! benches/pdf.sh can time `typst compile` on exactly what the embedded compiler gets.
//!
//! usage: cargo run --release --example dump_typst_inputs -- <workspace> <plan-id> <out-dir>

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [ws, plan_id, out] = args.as_slice() else {
        eprintln!("usage: dump_typst_inputs <workspace> <plan-id> <out-dir>");
        return ExitCode::from(2);
    };
    let (ws, _) = match guihua::check_workspace(&PathBuf::from(ws)) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let Some(plan) = ws.plan(plan_id) else {
        eprintln!("no plan {plan_id}");
        return ExitCode::from(2);
    };
    let engine = match guihua::render::pdf::PdfEngine::new(&ws) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let templates =
        match guihua::render::templates::TemplateSet::load(&ws.root.join(&ws.config.templates_dir))
        {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        };
    let view = guihua::render::view::PlanView::new(plan);
    let out = PathBuf::from(out);
    let write = |name: &str, bytes: &[u8]| {
        std::fs::create_dir_all(&out).and_then(|_| std::fs::write(out.join(name), bytes))
    };
    if let Err(e) = write("plan.typ", templates.get("plan.typ").as_bytes())
        .and_then(|_| write("guihua-data.json", &engine.template_data(&view)))
    {
        eprintln!("{e}");
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
