//! Hover in a setup config on what says where the pipeline continues: the config path
//! (`config-path`, `configuration_path`, `config_path`) and each path-filtering mapping line.

use super::HoverResult;
use crate::FeatureContext;
use analysis::project::mapping::MappingLine;
use analysis::project::plan::{
    self, ConfigSource, Continuation, MappingSource, ParametersSource, Via,
};
use syntax::yaml::Span;

pub fn hover(ctx: &FeatureContext<'_>) -> Option<HoverResult> {
    let plan = plan::read(ctx.analysis.model())?;
    plan.continuations
        .iter()
        .find_map(|c| config_path(c, ctx.offset).or_else(|| mapping_line(c, ctx.offset)))
}

fn holds(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// On the config path: what the pipeline continues with, and how.
fn config_path(continuation: &Continuation, offset: usize) -> Option<HoverResult> {
    let ConfigSource::Path(given) = &continuation.config else {
        return None;
    };
    let span = given.span.filter(|s| holds(*s, offset))?;
    Some(HoverResult {
        span,
        markdown: format!(
            "**Continuation config** · {}\n\nThe pipeline {}. Paths are read from the repository root, where the setup job checks the code out.",
            via(continuation.via),
            continuation.describe()
        ),
    })
}

/// On a mapping line: the parameter it sets and the config it adds, when a changed file
/// matches.
fn mapping_line(continuation: &Continuation, offset: usize) -> Option<HoverResult> {
    let ParametersSource::Mapping(MappingSource::Written(mapping)) = &continuation.parameters
    else {
        return None;
    };
    let line = mapping.lines.iter().find(|l| holds(line_span(l), offset))?;
    let mut markdown = format!(
        "**Mapping** · path-filtering\n\nWhen a file changed since the base revision matches `^{}$`, the pipeline continues with `{}` set to `{}`.",
        line.regex.text, line.parameter.text, line.value.text
    );
    if let Some(config) = &line.config {
        markdown.push_str(&format!(
            " `{}` is merged into the config it continues with.",
            config.text
        ));
    }
    Some(HoverResult {
        span: line_span(line),
        markdown,
    })
}

fn line_span(line: &MappingLine) -> Span {
    let end = line.config.as_ref().unwrap_or(&line.value).span.end;
    Span {
        start: line.regex.span.start,
        end,
    }
}

fn via(via: Via) -> &'static str {
    match via {
        Via::ContinuationOrb => "continuation orb",
        Via::PathFiltering => "path-filtering orb",
        Via::OrbTools => "orb-tools",
        Via::Api => "continuation API",
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::Fixture;

    const SETUP: &str = "version: 2.1
setup: true
orbs:
  path-filtering: circleci/path-filtering@2.1.0
workflows:
  setup:
    jobs:
      - path-filtering/filter:
          config-path: .circleci/sha$1red.yml
          mapping: |
            api/.* run-a$2pi true .circleci/api.yml
            docs/.* run-docs true
";

    fn hover(marker: &str) -> Option<String> {
        let text = SETUP
            .replace(marker, "$0")
            .replace("$1", "")
            .replace("$2", "");
        let fixture = Fixture::new(&text);
        super::hover(&fixture.ctx()).map(|h| h.markdown)
    }

    #[test]
    fn the_config_path_says_what_the_pipeline_continues_with() {
        let config = hover("$1").unwrap_or_default();
        assert!(
            config.contains("continues with .circleci/api.yml + .circleci/shared.yml"),
            "{config}"
        );
        assert!(config.contains("path-filtering orb"), "{config}");
    }

    #[test]
    fn a_mapping_line_says_what_it_sets_and_adds() {
        let line = hover("$2").unwrap_or_default();
        assert!(line.contains("matches `^api/.*$`"), "{line}");
        assert!(line.contains("`run-api` set to `true`"), "{line}");
        assert!(line.contains("`.circleci/api.yml` is merged"), "{line}");
    }

    #[test]
    fn elsewhere_and_outside_setup_configs_it_says_nothing() {
        let fixture = Fixture::new("version: 2.1\nsetup: tr$0ue\n");
        assert_eq!(super::hover(&fixture.ctx()), None);
        let plain = Fixture::new("version: 2.1\njobs:\n  a$0:\n    machine: true\n");
        assert_eq!(super::hover(&plain.ctx()), None);
    }
}
