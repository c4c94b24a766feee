//! Hover on CircleCI's built-in variables (`$CIRCLE_BRANCH`, `${CIRCLE_SHA1}`) anywhere in the
//! config: scripts, environment values, parameters.

use super::HoverResult;
use crate::FeatureContext;
use knowledge::environment::builtin_variable;
use syntax::text::references::variable_at;

pub fn hover(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    let text = ctx.text();
    let span = variable_at(text, ctx.offset)?;
    let name = span.text(text);
    let doc = builtin_variable(name)?;
    Some(HoverResult {
        span,
        markdown: format!("**`${name}`** · set by CircleCI in every job\n\n{doc}"),
    })
}

#[cfg(test)]
mod tests {
    use crate::test_support::Fixture;

    fn hover(fixture: &str) -> Option<String> {
        let fixture = Fixture::new(fixture);
        super::hover(&fixture.ctx()).map(|h| h.markdown)
    }

    #[test]
    fn builtin_variables_anywhere() {
        let run = hover("jobs:\n  a:\n    steps:\n      - run: echo $CIRCLE_BR$0ANCH\n");
        assert!(run.is_some_and(|m| m.starts_with("**`$CIRCLE_BRANCH`**")));
        let braced = hover("jobs:\n  a:\n    working_directory: /tmp/${CIRCLE_JOB$0}\n");
        assert!(braced.is_some_and(|m| m.contains("name of the current job")));
        assert_eq!(
            hover("jobs:\n  a:\n    steps:\n      - run: echo $MY_V$0AR\n"),
            None
        );
        assert_eq!(
            hover("jobs:\n  a:\n    steps:\n      - run: echo CIRCLE_B$0RANCH\n"),
            None
        );
    }
}
