//! The 意见采纳情况表: a summary by unit and disposition, then every comment with its answer.
