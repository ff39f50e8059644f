//! Where a value's findings and the document-level rules become located violations: the
//! emitter calls these for each member, operation and document, in input order.

use super::Validator;
use crate::check::rules::document;
use crate::check::value::Checked;
use crate::json::frame::DocumentKind;
use crate::json::position::Position;
use crate::model::Profile;
use crate::report::snippet::Snippet;
use crate::report::{Layer, Pointer, Report, Severity};

use super::emitter::DocState;

impl Validator {
    /// Records a top-level member name; a repeated one is a violation.
    pub(super) fn note_member(
        &self,
        report: &mut Report,
        input: &str,
        document: usize,
        doc: &mut DocState,
        name: &str,
        name_at: Position,
    ) {
        if name == "response" {
            doc.response = true;
        }
        if let Some(finding) = document::duplicate_member(&doc.members, name) {
            report.push(finding.into_violation(
                input,
                document,
                name_at,
                vec![Layer::Syntax],
                Severity::Error,
            ));
        }
        doc.members.insert(name.to_owned());
    }

    /// Document-level checks once a document's members and operations have all been seen.
    pub(super) fn end_document(
        &self,
        report: &mut Report,
        input: &str,
        document: usize,
        operations: usize,
        doc: &DocState,
    ) {
        if doc.kind == Some(DocumentKind::Object) && !doc.response {
            let layers = self.checker.options.layers.checking();
            if !layers.is_empty() {
                let finding = document::not_a_response(&doc.members, doc.error_message.as_deref());
                report.push(finding.into_violation(
                    input,
                    document,
                    doc.at,
                    layers,
                    Severity::Error,
                ));
            }
        }
        if let Some((count, at)) = doc.count
            && self.checker.options.layers.types
            && doc.response
            && let Some(finding) = document::count_mismatch(count, operations)
        {
            report.push(finding.into_violation(
                input,
                document,
                at,
                vec![Layer::Rules],
                Severity::Warning,
            ));
        }
        // The framer reads a bare list straight into operations, so the schema's `document`
        // definition (narrowed to the envelope by --profile wire) never sees it: say it here.
        if doc.kind == Some(DocumentKind::List)
            && self.checker.options.profile == Profile::Wire
            && (self.checker.options.layers.schema || self.checker.options.layers.types)
        {
            let layers = self.checker.options.layers.checking();
            report.push(document::bare_list().into_violation(
                input,
                document,
                doc.at,
                layers,
                Severity::Error,
            ));
        }
    }

    /// Turns one value's findings into violations under `prefix`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn emit(
        &self,
        report: &mut Report,
        input: &str,
        document: usize,
        prefix: &Pointer,
        bytes: &[u8],
        at: Position,
        checked: Checked,
    ) {
        // Findings are sorted by offset, so positions advance monotonically.
        let mut pos = at;
        let mut consumed = 0;
        for (layers, severity, finding, offset) in checked.findings {
            let offset = offset.min(bytes.len());
            if offset >= consumed {
                pos = pos.advanced_by(&bytes[consumed..offset]);
                consumed = offset;
            }
            let mut finding = finding;
            finding.pointer = prefix.join(finding.pointer.as_str());
            report.push_with_snippet(
                || Snippet::around(bytes, offset),
                finding.into_violation(input, document, pos, layers.to_vec(), severity),
            );
        }
        if let Some(evidence) = checked.releases {
            match &mut report.releases {
                Some(seen) => seen.merge(&evidence),
                None => report.releases = Some(evidence),
            }
        }
        for pattern in checked.unknown {
            *report
                .unknown_members
                .entry(format!("{}{pattern}", prefix.pattern()))
                .or_default() += 1;
        }
    }
}
