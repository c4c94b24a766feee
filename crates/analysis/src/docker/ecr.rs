//! The private ECR checks of docker executor images: `aws_auth` and the image's region.

use super::check::Checker;
use super::fixes;
use super::image_ref::{ImageRef, Registry};
use super::known_vars::Field;
use super::resolve::ImageEntry;
use super::rules::{ECR_NEEDS_AWS_AUTH, ECR_REGION};
use crate::diagnostics::{Finding, TextEdit};
use syntax::text::references as vars;
use syntax::yaml::Span;

impl Checker<'_> {
    pub(super) fn ecr_needs_aws_auth(
        &self,
        entry: &ImageEntry<'_>,
        image: &ImageRef,
        span: Span,
    ) -> Finding {
        let message = if entry.auth.is_some() {
            "Use `aws_auth` (access keys or `oidc_role_arn`) for this private ECR image: tokens in `auth` expire in 12 hours."
        } else {
            "Add `aws_auth` (access keys or `oidc_role_arn`) to pull this private ECR image."
        };
        let mut f = Finding::new(&ECR_NEEDS_AWS_AUTH, span, message);
        let key_id = self.vars.name(&image.registry, Field::AwsKeyId);
        let secret = self.vars.name(&image.registry, Field::AwsSecret);
        let role = self.vars.name(&image.registry, Field::OidcRole);
        let key_lines = [
            ("aws_access_key_id", format!("${key_id}")),
            ("aws_secret_access_key", format!("${secret}")),
        ];
        let oidc_lines = [("oidc_role_arn", format!("${role}"))];
        let edits_for = |lines: &[(&str, String)]| -> Option<Vec<TextEdit>> {
            match entry.auth {
                Some(auth) => {
                    if auth.merged_from.is_some() {
                        return None;
                    }
                    fixes::replace_entry_block(
                        self.text,
                        self.lines,
                        &auth.key,
                        &auth.value,
                        "aws_auth",
                        lines,
                    )
                    .map(|e| vec![e])
                }
                None => fixes::insert_into_entry(self.text, self.lines, entry, "aws_auth", lines),
            }
        };
        let verb = if entry.auth.is_some() {
            "Replace auth with"
        } else {
            "Add"
        };
        if let Some(edits) = edits_for(&key_lines) {
            f = f.with_fix(fixes::titled(
                format!("{verb} aws_auth with ${key_id} and ${secret}"),
                &format!("{verb} aws_auth with access keys"),
                edits,
                true,
            ));
        }
        if let Some(edits) = edits_for(&oidc_lines) {
            f = f.with_fix(fixes::titled(
                format!("{verb} aws_auth with OIDC role ${role}"),
                &format!("{verb} aws_auth with an OIDC role"),
                edits,
                false,
            ));
        }
        f
    }

    /// An ECR image outside us-east-1 that could be copied there.
    pub(super) fn ecr_region(
        &self,
        entry: &ImageEntry<'_>,
        image: &ImageRef,
        span: Span,
    ) -> Option<Finding> {
        let Registry::Ecr { region, .. } = &image.registry else {
            return None;
        };
        if !vars::is_literal(region)
            || region == "us-east-1"
            || Partition::of(&image.registry) != Some(Partition::Standard)
        {
            return None;
        }
        let region_span = ecr_region_span(image, region)
            .and_then(|s| self.image_subspan(entry.image_value, s))
            .unwrap_or(span);
        Some(Finding::new(
            &ECR_REGION,
            region_span,
            format!(
                "Use a copy in us-east-1, where CircleCI runs jobs: this ECR image is in `{region}` and starts slower."
            ),
        ))
    }
}

/// The AWS partition of an ECR registry. Images move freely only within one: GovCloud, China
/// and the isolated regions are separate partitions, so an image there cannot simply be
/// copied to us-east-1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Partition {
    Standard,
    China,
    GovCloud,
    Isolated,
}

impl Partition {
    /// `None` for registries other than private ECR.
    fn of(registry: &Registry) -> Option<Partition> {
        let Registry::Ecr { region, china, .. } = registry else {
            return None;
        };
        Some(if *china || region.starts_with("cn-") {
            Partition::China
        } else if region.starts_with("us-gov-") {
            Partition::GovCloud
        } else if region.contains("-iso") {
            Partition::Isolated
        } else {
            Partition::Standard
        })
    }
}

/// The span of the region label inside an ECR image string.
fn ecr_region_span(image: &ImageRef, region: &str) -> Option<Span> {
    let host = image.host.as_ref()?;
    let at = host.text.find(&format!(".{region}."))? + 1;
    Some(Span::new(
        host.span.start + at,
        host.span.start + at + region.len(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partition(image: &str) -> Option<Partition> {
        ImageRef::parse(image).and_then(|i| Partition::of(&i.registry))
    }

    #[test]
    fn partitions_of_ecr_registries() {
        let standard = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1";
        let china = "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:1";
        let gov = "123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/app:1";
        let iso = "123456789012.dkr.ecr.us-iso-east-1.amazonaws.com/app:1";
        assert_eq!(partition(standard), Some(Partition::Standard));
        assert_eq!(partition(china), Some(Partition::China));
        assert_eq!(partition(gov), Some(Partition::GovCloud));
        assert_eq!(partition(iso), Some(Partition::Isolated));
        assert_eq!(partition("cimg/node:20.11"), None);
    }
}
