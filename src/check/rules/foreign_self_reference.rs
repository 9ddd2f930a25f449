//! J001: another division named where the plan speaks of itself.

use super::jurisdiction::{Kind, classify};
use super::report;
use crate::check::{PlanCtx, Rule, Scope, UnitKind};
use crate::diagnostic::{Diagnostic, Severity};

pub static RULE: Rule = Rule {
    code: "J001",
    name: "foreign-self-reference",
    severity: Severity::Error,
    summary: "在指称本规划自身的位置出现了其他行政区",
    explanation: "套用其他城市的规划模板后，外地名称常残留在最显眼的位置：规划标题和编制单位、规划主题的说法（“唐山市生命健康产业”，而本规划是秦皇岛的）、“××市委/市政府/发展和改革委员会”。这些位置出现其他行政区名称一定是错误。行政区名单来自内置的全国行政区划表。",
    bad: "- 是唐山市生命健康产业谋求长足发展的第一个五年。",
    good: "- 是我市生命健康产业谋求长足发展的第一个五年。",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    let Some(region) = ctx.plan.region.as_ref().map(|r| &r.name.value) else {
        return;
    };
    for f in classify(ctx)
        .iter()
        .filter(|f| f.kind == Kind::SelfReference)
    {
        let where_ = match ctx.units[f.unit].kind {
            UnitKind::Metadata => "规划的标题或编制单位",
            _ => "指称本规划自身的位置",
        };
        out.push(
            report(
                &RULE,
                ctx.span(ctx.units[f.unit].text, f.mention.range.clone()),
                format!("{where_}出现了其他行政区“{}”", f.mention.name),
            )
            .with_label(format!("本规划的区域是{region}"))
            .with_hint(format!(
                "改为“{region}”或“我市”；若确属有意，在该行末尾加注释 `# guihua-allow: J001`"
            )),
        );
    }
}
