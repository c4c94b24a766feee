//! Tests of fix all: safety, the guard, and the account of every fix left out.

use super::*;

const SECRET: &str = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: acme/private:1 # ours\n        auth:\n          username: me\n          password: 'hunter2'\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";

/// Regression (issue 19): a safe `fix` replaced test credentials with variables nobody
/// defines and broke the build. Moving a literal out of the file is unsafe: only
/// `--unsafe-fixes` does it, keeps comments, and names the variable to define.
#[test]
fn moving_a_secret_out_is_unsafe_and_names_the_variable_to_define() {
    let safe = fix_all(SECRET, &Settings::default(), FixOptions::default());
    assert_eq!(safe.text, SECRET);
    assert!(safe.left_out.iter().any(
        |l| l.codes.contains(&"literal-secret") && l.reason == LeftOutReason::NeedsUnsafeFixes
    ));
    let out = fix_all(
        SECRET,
        &Settings::default(),
        FixOptions { unsafe_fixes: true },
    );
    assert!(out.not_fixed.is_none());
    assert!(!out.text.contains("hunter2"), "{}", out.text);
    assert!(out.text.contains("# ours"));
    let applied = out
        .applied
        .iter()
        .find(|a| a.codes.contains(&"literal-secret"));
    assert_eq!(
        applied.map(|a| a.defines.clone()),
        Some(vec![DefineVariable {
            name: "DOCKERHUB_PASSWORD".to_string(),
            line: 8
        }])
    );
    assert!(!out
        .analysis
        .findings
        .iter()
        .any(|f| f.code == "literal-secret"));
    // Adding `auth` to a Docker Hub image is unsafe, so without the option it stays.
    let hub = "version: 2.1\njobs:\n  build:\n    docker:\n      - image: cimg/base:2024.01\n    steps: [checkout]\nworkflows:\n  main:\n    jobs: [build]\n";
    let safe = fix_all(hub, &Settings::default(), FixOptions::default());
    assert_eq!(safe.text, hub);
    let all = fix_all(hub, &Settings::default(), FixOptions { unsafe_fixes: true });
    assert!(all.text.contains("auth:"), "{}", all.text);
    let defined: Vec<String> = all
        .applied
        .iter()
        .flat_map(|a| a.defines.iter().map(|d| d.name.clone()))
        .collect();
    assert_eq!(defined, ["DOCKERHUB_USERNAME", "DOCKERHUB_PASSWORD"]);
}

/// A `docker login -p` fix with a literal password also moves it into a variable: unsafe,
/// though the rule's fix is safe when the password is a variable already.
#[test]
fn a_login_fix_that_moves_a_literal_is_unsafe() {
    let text = "version: 2.1\njobs:\n  build:\n    machine:\n      image: ubuntu-2204:current\n    steps:\n      - run: docker login -u me -p hunter2 quay.io\nworkflows:\n  main:\n    jobs: [build]\n";
    let safe = fix_all(text, &Settings::default(), FixOptions::default());
    assert_eq!(safe.text, text);
    let variable = text.replace("hunter2", "$QUAY_PASSWORD");
    let safe = fix_all(&variable, &Settings::default(), FixOptions::default());
    assert!(safe.text.contains("--password-stdin"), "{}", safe.text);
}

/// Regression (issue 19): `--unsafe-fixes` refused same-major orb bumps because the hint's
/// own wording changed, and bumped to a new major where the checks went lenient. A
/// same-major bump is applied; a new major never is.
#[test]
fn same_major_bumps_apply_and_new_majors_are_left_to_the_editor() {
    let text = "version: 2.1\norbs:\n  node: circleci/node@5.1.0\n  slack: circleci/slack@4.12.5\nworkflows:\n  main:\n    jobs: [node/test]\n";
    let out = fix_all(
        text,
        &Settings::default(),
        FixOptions { unsafe_fixes: true },
    );
    assert!(out.text.contains("circleci/node@5.3.0"), "{}", out.text);
    assert!(out.text.contains("circleci/slack@4.15"), "{}", out.text);
    assert!(
        !out.text.contains("@7.") && !out.text.contains("@6."),
        "{}",
        out.text
    );
    let bumps = |o: &FixOutcome| -> Vec<LeftOutReason> {
        o.left_out
            .iter()
            .filter(|l| l.codes == ["orb-update"])
            .map(|l| l.reason.clone())
            .collect()
    };
    assert_eq!(bumps(&out), []);
    // Run again, only the new majors are left: for a person to choose in the editor.
    let again = fix_all(
        &out.text,
        &Settings::default(),
        FixOptions { unsafe_fixes: true },
    );
    assert!(again.applied.is_empty());
    assert_eq!(
        bumps(&again),
        [LeftOutReason::EditorOnly, LeftOutReason::EditorOnly]
    );
}

/// A fix whose result would gain a finding is left out, and the report says which finding.
#[test]
fn a_refused_fix_is_listed_with_the_finding_it_would_add() {
    let text = "version: 2.1\norbs:\n  node: circleci/node@5.1.0\njobs:\n  build:\n    docker:\n      - image: cimg/base:current\n    steps:\n      - node/install-packages:\n          pkg-manager: pnpmm\nworkflows:\n  main:\n    jobs: [build]\n";
    let out = fix_all(
        text,
        &Settings::default(),
        FixOptions { unsafe_fixes: true },
    );
    let refused = out.left_out.iter().find(|l| l.codes == ["orb-update"]);
    assert!(
        matches!(&refused.map(|l| &l.reason), Some(LeftOutReason::WouldAdd(what)) if what.contains("invalid-parameter-value")),
        "{:?}",
        out.left_out
    );
    assert!(out.text.contains("@5.1.0"));
}

#[test]
fn fixing_twice_changes_nothing_more() {
    let once = fix_all(
        SECRET,
        &Settings::default(),
        FixOptions { unsafe_fixes: true },
    );
    let twice = fix_all(
        &once.text,
        &Settings::default(),
        FixOptions { unsafe_fixes: true },
    );
    assert_eq!(once.text, twice.text);
    assert!(twice.applied.is_empty());
}

#[test]
fn a_file_that_does_not_parse_is_left_alone() {
    let broken =
        "jobs:\n  build:\n    docker: [\n      - image: x\n        auth: {password: hunter2}\n";
    let out = fix_all(
        broken,
        &Settings::default(),
        FixOptions { unsafe_fixes: true },
    );
    assert_eq!(out.text, broken);
    assert_eq!(out.not_fixed, Some(NotFixed::DoesNotParse));
}

#[test]
fn line_edits_rebuild_the_new_text() {
    let old = "a: 1\nb: 2\nc: 3\n";
    let new = "a: 1\nb: $X\nc: 3\nd: 4";
    let edits = line_edits(old, new);
    assert_eq!(TextEdit::apply_all(old, &edits), new);
    assert_eq!(edits.len(), 2);
    assert!(line_edits(old, old).is_empty());
}

#[test]
fn every_rule_with_fixes_says_how_safe_they_are() {
    for rule in analysis::rule_registry::all_rules() {
        let a = analyze(Arc::from(rule.bad), &Settings::default());
        for f in a.findings.iter().filter(|f| f.code == rule.code) {
            if f.fixes.iter().any(|x| x.preferred) {
                assert_ne!(
                    rule.fix,
                    FixSafety::None,
                    "{} has a preferred fix",
                    rule.code
                );
            }
        }
    }
}

/// `Taken` answers as comparing a span with every span taken before did: touching ends count,
/// spans nest, overlap and arrive in any order.
#[test]
fn taken_spans_answer_as_a_comparison_with_each() {
    let mut seed = 7u64;
    let mut next = move |below: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % below
    };
    for _ in 0..200 {
        let mut taken = Taken::default();
        let mut each: Vec<Span> = Vec::new();
        for _ in 0..40 {
            let start = next(100);
            let span = Span::new(start, start + next(6));
            let naive = each
                .iter()
                .any(|t| span.start <= t.end && t.start <= span.end);
            assert_eq!(taken.touches(span), naive, "{span:?} after {each:?}");
            if next(2) == 0 {
                taken.add(span);
                each.push(span);
            }
        }
    }
}

/// A script of many `docker pull`s: one login fix per pull, grouped and kept apart in
/// linear time, each applied.
#[test]
fn many_pulls_in_one_script_are_fixed_by_one_login() {
    let mut text = String::from(
        "version: 2.1\njobs:\n  build:\n    machine: true\n    steps:\n      - run: |\n",
    );
    for i in 0..2_000 {
        text.push_str(&format!("          docker pull redis:{i}\n"));
    }
    let out = fix_all(
        &text,
        &Settings::default(),
        FixOptions { unsafe_fixes: true },
    );
    assert_eq!(out.text.matches("docker login").count(), 2_000);
    assert!(out
        .text
        .contains("      - run: |\n          echo \"$DOCKERHUB_PASSWORD\" | docker login"));
    let left = out
        .analysis
        .findings
        .iter()
        .filter(|f| f.code == "docker-hub-rate-limit")
        .count();
    assert_eq!(left, 0);
}
