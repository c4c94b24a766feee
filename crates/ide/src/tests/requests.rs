//! Every request at every offset of awkward texts.

/// Every request at every offset of awkward texts: no panic.
#[test]
fn every_request_at_every_offset_is_safe() {
    use std::sync::Arc;

    use crate::{cursor::CursorContext, navigation, FeatureContext};

    let texts = [
        "version: 2.1\norbs:\n  o: {jobs: {j: {steps: [o/x, \"<< parameters.p >>\"]}}}\njobs:\n  b: &b\n    parameters: {p: {type: enum, enum: [a]}}\n    executor: {name: \"<< parameters.p >>\"}\n    steps:\n      - \"é<< parameters.p\"\n      - run: |\n          日本 << parameters.p >>\n  c: *b\nworkflows:\n  w:\n    jobs:\n      - b: {p: z, requires: [c, b], matrix: {parameters: {p: [a]}}}\n      - c:\n          requires: [b]\n",
        "version: 2.1\njobs:\n  b:\n    steps: [\n      - << parameters.",
        "a: &x *x\n<<: *y\n- *\n&\n",
        "\u{feff}version: 2.1\r\nworkflows:\r\n  w:\r\n    jobs: [a, a, a]\r\n",
    ];
    for text in texts {
        let analysis = analysis::analyze(Arc::from(text), &analysis::settings::Settings::default());
        for offset in 0..=text.len() + 1 {
            let ctx = FeatureContext {
                analysis: &analysis,
                last_good: None,
                offset,
            };
            let cursor = CursorContext::at(text, offset);
            let _ = crate::completion::definitions::complete(&ctx, &cursor);
            let _ = crate::hover::definitions::hover(&ctx);
            let _ = navigation::definition(&ctx);
            let _ = navigation::references(&ctx, true);
            let _ = navigation::highlights(&ctx);
            let _ = navigation::prepare_rename(&ctx);
            let _ = navigation::rename(&ctx, "n");
        }
    }
}
