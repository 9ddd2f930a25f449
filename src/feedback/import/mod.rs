//! Importers of returned comments: filled-in 意见反馈表 (.docx), Word comments in a returned plan.docx, Excel (.xlsx) and CSV sheets.
