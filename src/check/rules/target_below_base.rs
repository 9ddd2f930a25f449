//! F006: a growth indicator whose target is below its base.

use super::prelude::*;
use crate::model::{Direction, Qualifier};

pub static RULE: Rule = Rule::plan(code::F006, check);

fn check(ctx: &PlanCtx, out: &mut Reporter) {
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
                out.report(
                    i.target.span,
                    msg!(
                        "“{indicator}”的目标值 {target} 低于基期值 {base}",
                        indicator = &i.name.value,
                        target = i.target.value.to_string(),
                        base = base.value.to_string()
                    ),
                )
                .with_label("目标值")
                .with_related(base.span, "基期值")
                .with_hint("核对数值和单位；若该指标本应下降，在此行加上 `direction: 下降`");
            }
        }
    }
}
