//! Document symbols: a chapter file's heading tree, each heading with the number guihua
//! generates for it (一、（一）1.（1）).

use std::path::Path;

use lsp_types as lsp;

use super::features::Analysis;
use super::position::range;
use crate::model::numbering::heading_number;
use crate::model::{Section, Text};

impl Analysis {
    pub fn symbols(&self, path: &Path) -> Vec<lsp::DocumentSymbol> {
        let chapters = self.ws.plans.iter().flat_map(|p| &p.chapters);
        chapters
            .filter(|c| self.root.join(&c.file) == path)
            .map(|c| {
                let children = c.sections.iter().map(|s| self.section(s)).collect();
                self.symbol(&c.title, heading_number(0, c.number), children)
            })
            .collect()
    }

    fn section(&self, s: &Section) -> lsp::DocumentSymbol {
        let children = s.sections.iter().map(|c| self.section(c)).collect();
        self.symbol(&s.title, heading_number(s.level, s.number), children)
    }

    #[allow(deprecated)] // `deprecated` is a field lsp-types still requires.
    fn symbol(
        &self,
        title: &Text,
        number: String,
        children: Vec<lsp::DocumentSymbol>,
    ) -> lsp::DocumentSymbol {
        let text = &self.ws.sources.get(title.span.file).text;
        let at = range(text, title.span.start as usize, title.span.end as usize);
        lsp::DocumentSymbol {
            name: format!("{number}{}", title.value),
            detail: None,
            kind: lsp::SymbolKind::NAMESPACE,
            tags: None,
            deprecated: None,
            range: at,
            selection_range: at,
            children: Some(children),
        }
    }
}
