//! F006: a growth indicator whose target is below its base.

use super::report;
use crate::check::{PlanCtx, Rule, Scope};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Direction, Qualifier};

pub static RULE: Rule = Rule {
    code: "F006",
    name: "target-below-base",
    severity: Severity::Warning,
    summary: "增长型指标的目标值低于基期值",
    explanation: "指标默认是增长型的；目标值低于基期值，通常是填错了行、单位或小数点。确实要下降的指标（能耗、排放、发病率），在该行写 `direction: 下降`。",
    bad: "{id: parks, name: 综合性产业园区, unit: 个, base: 3, target: 2, nature: 预期性}",
    good: "{id: energy, name: 单位增加值能耗下降, unit: %, base: 100, target: 85, nature: 约束性, direction: 下降}",
    scope: Scope::Plan(check),
};

fn check(ctx: &PlanCtx, out: &mut Vec<Diagnostic>) {
    for t in &ctx.plan.tables {
        for i in t.indicators() {
            if i.direction != Direction::Increase {
                continue;
            }
            let Some(base) = &i.base else { continue };
            let (Some(b), Some(v)) = (base.value.value(), i.target.value.value()) else {
                continue;
            };
            let upper = matches!(
                i.target.value.qualifier(),
                Some(Qualifier::AtMost | Qualifier::NotAbove | Qualifier::Within)
            );
            if v < b && !upper {
                out.push(
                    report(
                        &RULE,
                        i.target.span,
                        format!(
                            "“{}”的目标值 {} 低于基期值 {}",
                            i.name.value, i.target.value, base.value
                        ),
                    )
                    .with_label("目标值")
                    .with_related(base.span, "基期值")
                    .with_hint("核对数值和单位；若该指标本应下降，在此行加上 `direction: 下降`"),
                );
            }
        }
    }
}
