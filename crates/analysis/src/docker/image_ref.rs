//! Image references (`cimg/node:20`, `quay.io/org/app@sha256:…`) split into registry,
//! namespace, repository, tag and digest, the way Docker itself normalises them.
//!
//! Docker's rule (distribution/reference, `splitDockerDomain`): the part before the first `/`
//! names a registry only if it contains `.` or `:`, is `localhost`, or has an upper-case
//! letter; otherwise the image lives on Docker Hub, and a single-component name is an official
//! image under `library/`.

use syntax::text::references::{self as vars, Reference};
use syntax::yaml::Span;

/// One piece of an image reference and where it is inside the image string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    /// Byte span relative to the start of the image string.
    pub span: Span,
}

impl Part {
    fn new(s: &str, start: usize, end: usize) -> Part {
        Part {
            text: s.get(start..end).unwrap_or("").to_string(),
            span: Span::new(start, end),
        }
    }
}

/// Where an image is pulled from.
#[derive(Clone, Debug, PartialEq, Eq)]
// `ArtifactRegistry` is the product's name, so the variant keeps it.
#[allow(clippy::enum_variant_names)]
pub enum Registry {
    DockerHub,
    /// Private ECR: `<account>.dkr.ecr.<region>.amazonaws.com` (`.amazonaws.com.cn` in China).
    /// `account` and `region` are as written and may hold a `$VAR`.
    Ecr {
        account: String,
        region: String,
        china: bool,
    },
    /// `public.ecr.aws`.
    EcrPublic,
    /// `gcr.io` and its regional hosts (`us.gcr.io`, `eu.gcr.io`, …).
    Gcr {
        host: String,
    },
    /// Artifact Registry: `<location>-docker.pkg.dev`.
    ArtifactRegistry {
        host: String,
    },
    Ghcr,
    Quay,
    /// Microsoft Container Registry, `mcr.microsoft.com`.
    Mcr,
    /// Any other registry host, as written (port included).
    Other(String),
    /// The registry or repository comes from a parameter or variable: nothing can be said.
    Unknown,
}

impl Registry {
    /// A human name for messages and hovers.
    pub fn display_name(&self) -> String {
        match self {
            Registry::DockerHub => "Docker Hub".to_string(),
            Registry::Ecr { .. } => "private Amazon ECR".to_string(),
            Registry::EcrPublic => "Amazon ECR Public".to_string(),
            Registry::Gcr { .. } => "Google Container Registry".to_string(),
            Registry::ArtifactRegistry { .. } => "Google Artifact Registry".to_string(),
            Registry::Ghcr => "GitHub Container Registry".to_string(),
            Registry::Quay => "Quay.io".to_string(),
            Registry::Mcr => "Microsoft Container Registry".to_string(),
            Registry::Other(host) => format!("the registry at `{host}`"),
            Registry::Unknown => "an unknown registry".to_string(),
        }
    }

    /// The prefix of the conventional variable names for this registry's credentials
    /// (`DOCKERHUB` in `$DOCKERHUB_PASSWORD`); `None` when the registry is unknown.
    pub fn env_prefix(&self) -> Option<String> {
        Some(match self {
            Registry::DockerHub => "DOCKERHUB".to_string(),
            Registry::Ecr { .. } => "ECR".to_string(),
            Registry::EcrPublic => "ECR_PUBLIC".to_string(),
            Registry::Gcr { .. } => "GCR".to_string(),
            Registry::ArtifactRegistry { .. } => "GAR".to_string(),
            Registry::Ghcr => "GHCR".to_string(),
            Registry::Quay => "QUAY".to_string(),
            Registry::Mcr => "MCR".to_string(),
            Registry::Other(host) => host_env_prefix(host),
            Registry::Unknown => return None,
        })
    }

    /// The registry's canonical host, used to tell whether two images share a registry.
    pub fn key(&self) -> Option<String> {
        Some(match self {
            Registry::DockerHub => "docker.io".to_string(),
            Registry::Ecr {
                account,
                region,
                china,
            } => format!(
                "{account}.dkr.ecr.{region}.amazonaws.com{}",
                if *china { ".cn" } else { "" }
            ),
            Registry::EcrPublic => "public.ecr.aws".to_string(),
            Registry::Gcr { host } | Registry::ArtifactRegistry { host } => host.clone(),
            Registry::Ghcr => "ghcr.io".to_string(),
            Registry::Quay => "quay.io".to_string(),
            Registry::Mcr => "mcr.microsoft.com".to_string(),
            Registry::Other(host) => host.to_ascii_lowercase(),
            Registry::Unknown => return None,
        })
    }
}

/// `registry.gitlab.com` → `GITLAB`, `myco.azurecr.io` → `AZURECR`, `localhost:5000` →
/// `LOCALHOST`: the name just left of the top-level domain, as a variable-name prefix.
fn host_env_prefix(host: &str) -> String {
    let without_port = host.split(':').next().unwrap_or(host);
    let labels: Vec<&str> = without_port.split('.').filter(|l| !l.is_empty()).collect();
    let label = match labels.len() {
        0 => "REGISTRY",
        1 => labels.first().copied().unwrap_or("REGISTRY"),
        n => labels.get(n - 2).copied().unwrap_or("REGISTRY"),
    };
    let mut out: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    // An IP address gives no usable name.
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out = "REGISTRY".to_string();
    }
    out
}

/// A parsed image reference. Spans are relative to the image string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageRef {
    pub registry: Registry,
    /// The registry host as written; `None` when Docker Hub is implied.
    pub host: Option<Part>,
    /// Path components between the host and the repository name (`org`, `project/repo`).
    pub namespace: Option<Part>,
    /// The last path component: the image's own name.
    pub repository: Part,
    pub tag: Option<Part>,
    /// The digest without its `@` (`sha256:…`).
    pub digest: Option<Part>,
    /// References (`$VAR`, `<< parameters.x >>`) anywhere in the string.
    pub references: Vec<Reference>,
}

impl ImageRef {
    /// Parses an image string. `None` when there is no image name at all.
    pub fn parse(s: &str) -> Option<ImageRef> {
        if s.trim().is_empty() {
            return None;
        }
        let references = vars::find_references(s);
        let masked = vars::mask_references(s, &references);
        let templated =
            |start: usize, end: usize| vars::overlaps_reference(&references, Span::new(start, end));

        let (name_end, digest) = match masked.find('@') {
            Some(at) => (at, Some(Part::new(s, at + 1, s.len()))),
            None => (s.len(), None),
        };
        let name_part = masked.get(..name_end)?;
        let last_slash = name_part.rfind('/');
        let last_start = last_slash.map_or(0, |i| i + 1);
        let (path_end, tag) = match name_part.get(last_start..)?.find(':') {
            Some(colon) => {
                let at = last_start + colon;
                (at, Some(Part::new(s, at + 1, name_end)))
            }
            None => (name_end, None),
        };
        let name = masked.get(..path_end)?;

        // Decide whether the first component is a registry host.
        let (host, path_start, first_templated) = match name.find('/') {
            None => (None, 0, templated(0, path_end)),
            Some(i) => {
                let first = name.get(..i)?;
                let first_templated = templated(0, i);
                let is_host = first.contains('.')
                    || first.contains(':')
                    || first == "localhost"
                    || (!first_templated && first.chars().any(|c| c.is_ascii_uppercase()));
                if is_host {
                    (Some(Part::new(s, 0, i)), i + 1, false)
                } else {
                    (None, 0, first_templated)
                }
            }
        };

        let repo_start = match name.get(path_start..)?.rfind('/') {
            Some(j) => path_start + j + 1,
            None => path_start,
        };
        let namespace = (repo_start > path_start).then(|| Part::new(s, path_start, repo_start - 1));
        let repository = Part::new(s, repo_start, path_end);

        let registry = if templated(repo_start, path_end) || repository.text.is_empty() {
            Registry::Unknown
        } else {
            match &host {
                None if first_templated => Registry::Unknown,
                None => Registry::DockerHub,
                Some(h) => {
                    let masked_host = masked.get(h.span.start..h.span.end).unwrap_or("");
                    let host_templated = templated(h.span.start, h.span.end);
                    match classify_host(masked_host, &h.text) {
                        Registry::Other(_) if host_templated => Registry::Unknown,
                        r => r,
                    }
                }
            }
        };

        Some(ImageRef {
            registry,
            host,
            namespace,
            repository,
            tag,
            digest,
            references,
        })
    }

    /// True when the registry is known even if a tag is a parameter.
    pub fn is_known(&self) -> bool {
        self.registry != Registry::Unknown
    }

    /// The namespace Docker uses: `library` for an official Docker Hub image.
    pub fn effective_namespace(&self) -> Option<&str> {
        match &self.namespace {
            Some(ns) => Some(ns.text.as_str()),
            None if self.registry == Registry::DockerHub => Some("library"),
            None => None,
        }
    }

    /// The fully qualified repository (`docker.io/library/redis`), without tag or digest.
    pub fn full_name(&self) -> String {
        let host = match (&self.registry, &self.host) {
            (Registry::DockerHub, _) => "docker.io".to_string(),
            (_, Some(h)) => h.text.clone(),
            (_, None) => String::new(),
        };
        let mut out = host;
        if let Some(ns) = self.effective_namespace() {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(ns);
        }
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(&self.repository.text);
        out
    }

    /// The tag Docker pulls: the written one, or `latest` when neither tag nor digest is given.
    pub fn effective_tag(&self) -> Option<&str> {
        match (&self.tag, &self.digest) {
            (Some(t), _) => Some(t.text.as_str()),
            (None, None) => Some("latest"),
            (None, Some(_)) => None,
        }
    }
}

/// The registry a `docker login` server argument names (`quay.io`, `https://index.docker.io/v1/`).
/// A server that is a variable is `Unknown`.
pub fn registry_of_server(server: &str) -> Registry {
    let without_scheme = server
        .strip_prefix("https://")
        .or_else(|| server.strip_prefix("http://"))
        .unwrap_or(server);
    let host = without_scheme.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Registry::Unknown;
    }
    let references = vars::find_references(host);
    let masked = vars::mask_references(host, &references);
    match classify_host(&masked, host) {
        Registry::Other(_) if !references.is_empty() => Registry::Unknown,
        r => r,
    }
}

/// Classifies a host. `masked` has references replaced by `x` (so structure can be matched);
/// `written` is the host as written (for the names kept in the result).
fn classify_host(masked: &str, written: &str) -> Registry {
    let lower = masked.to_ascii_lowercase();
    let host_only = lower.split(':').next().unwrap_or("");
    match host_only {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" => return Registry::DockerHub,
        "public.ecr.aws" => return Registry::EcrPublic,
        "ghcr.io" => return Registry::Ghcr,
        "quay.io" => return Registry::Quay,
        "mcr.microsoft.com" => return Registry::Mcr,
        "gcr.io" => {
            return Registry::Gcr {
                host: written.to_string(),
            }
        }
        _ => {}
    }
    if host_only.ends_with(".gcr.io") {
        return Registry::Gcr {
            host: written.to_string(),
        };
    }
    if host_only.ends_with("-docker.pkg.dev") {
        return Registry::ArtifactRegistry {
            host: written.to_string(),
        };
    }
    if let Some(ecr) = classify_ecr(host_only, written) {
        return ecr;
    }
    Registry::Other(written.to_string())
}

/// `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]`, matched on the masked host so that a
/// `${AWS_ACCOUNT_ID}` account or `${AWS_REGION}` region still reads as ECR.
fn classify_ecr(masked_lower: &str, written: &str) -> Option<Registry> {
    let labels: Vec<&str> = masked_lower.split('.').collect();
    let china = match labels.as_slice() {
        [_, "dkr", "ecr" | "ecr-fips", _, "amazonaws", "com"] => false,
        [_, "dkr", "ecr" | "ecr-fips", _, "amazonaws", "com", "cn"] => true,
        _ => return None,
    };
    // The masked host has the same byte layout as the written one: slice the written labels
    // at the masked dots, so a `<< pipeline.parameters.account >>` label stays whole.
    let account_len = labels.first()?.len();
    let region_start = account_len + 1 + labels.get(1)?.len() + 1 + labels.get(2)?.len() + 1;
    let region_len = labels.get(3)?.len();
    let account = written.get(..account_len)?.to_string();
    let region = written
        .get(region_start..region_start + region_len)?
        .to_string();
    if account.is_empty() || region.is_empty() {
        return None;
    }
    Some(Registry::Ecr {
        account,
        region,
        china,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-line summary: registry | host | namespace | repository | tag | digest, each part
    /// with its span.
    fn show(s: &str) -> String {
        let Some(r) = ImageRef::parse(s) else {
            return "none".to_string();
        };
        let part = |p: &Option<Part>| match p {
            Some(p) => {
                assert_eq!(&s[p.span.start..p.span.end], p.text, "span of {p:?} in {s}");
                format!("{}@{}", p.text, p.span)
            }
            None => "-".to_string(),
        };
        assert_eq!(
            &s[r.repository.span.start..r.repository.span.end],
            r.repository.text
        );
        format!(
            "{:?} | {} | {} | {}@{} | {} | {}",
            r.registry,
            part(&r.host),
            part(&r.namespace),
            r.repository.text,
            r.repository.span,
            part(&r.tag),
            part(&r.digest)
        )
    }

    #[test]
    fn docker_hub_official_and_user_images() {
        assert_eq!(show("redis"), "DockerHub | - | - | redis@0..5 | - | -");
        assert_eq!(
            show("redis:7"),
            "DockerHub | - | - | redis@0..5 | 7@6..7 | -"
        );
        assert_eq!(
            show("cimg/node:20.11"),
            "DockerHub | - | cimg@0..4 | node@5..9 | 20.11@10..15 | -"
        );
        assert_eq!(
            show("acme-private/private-image:321"),
            "DockerHub | - | acme-private@0..12 | private-image@13..26 | 321@27..30 | -"
        );
        assert_eq!(
            show("circleci/node:latest"),
            "DockerHub | - | circleci@0..8 | node@9..13 | latest@14..20 | -"
        );
        let r = ImageRef::parse("redis").unwrap();
        assert_eq!(r.full_name(), "docker.io/library/redis");
        assert_eq!(r.effective_tag(), Some("latest"));
        assert_eq!(r.effective_namespace(), Some("library"));
        let r = ImageRef::parse("cimg/node:20").unwrap();
        assert_eq!(r.full_name(), "docker.io/cimg/node");
    }

    #[test]
    fn docker_hub_through_explicit_hosts() {
        for host in [
            "docker.io",
            "index.docker.io",
            "registry-1.docker.io",
            "Docker.IO",
        ] {
            let s = format!("{host}/library/redis:7");
            let r = ImageRef::parse(&s).unwrap();
            assert_eq!(r.registry, Registry::DockerHub, "{s}");
            assert_eq!(r.full_name(), "docker.io/library/redis");
        }
        let r = ImageRef::parse("docker.io/redis").unwrap();
        assert_eq!(r.registry, Registry::DockerHub);
        assert_eq!(r.full_name(), "docker.io/library/redis");
        assert_eq!(
            show("docker.io/redis"),
            "DockerHub | docker.io@0..9 | - | redis@10..15 | - | -"
        );
    }

    #[test]
    fn registry_hosts() {
        assert_eq!(
            show("quay.io/project/image:tag"),
            "Quay | quay.io@0..7 | project@8..15 | image@16..21 | tag@22..25 | -"
        );
        assert_eq!(
            show("ghcr.io/org/app:1"),
            "Ghcr | ghcr.io@0..7 | org@8..11 | app@12..15 | 1@16..17 | -"
        );
        assert_eq!(
            show("mcr.microsoft.com/dotnet/sdk:8.0"),
            "Mcr | mcr.microsoft.com@0..17 | dotnet@18..24 | sdk@25..28 | 8.0@29..32 | -"
        );
        assert_eq!(
            show("public.ecr.aws/docker/library/node:20"),
            "EcrPublic | public.ecr.aws@0..14 | docker/library@15..29 | node@30..34 | 20@35..37 | -"
        );
        assert_eq!(
            show("gcr.io/proj/img"),
            "Gcr { host: \"gcr.io\" } | gcr.io@0..6 | proj@7..11 | img@12..15 | - | -"
        );
        assert_eq!(
            ImageRef::parse("eu.gcr.io/proj/img").unwrap().registry,
            Registry::Gcr {
                host: "eu.gcr.io".into()
            }
        );
        assert_eq!(
            show("us-central1-docker.pkg.dev/proj/repo/img:1"),
            "ArtifactRegistry { host: \"us-central1-docker.pkg.dev\" } | us-central1-docker.pkg.dev@0..26 | proj/repo@27..36 | img@37..40 | 1@41..42 | -"
        );
        assert_eq!(
            show("localhost/app"),
            "Other(\"localhost\") | localhost@0..9 | - | app@10..13 | - | -"
        );
        assert_eq!(
            show("localhost:5000/app:1"),
            "Other(\"localhost:5000\") | localhost:5000@0..14 | - | app@15..18 | 1@19..20 | -"
        );
        assert_eq!(
            show("registry.gitlab.com/group/project/img"),
            "Other(\"registry.gitlab.com\") | registry.gitlab.com@0..19 | group/project@20..33 | img@34..37 | - | -"
        );
        // An upper-case first component is a host for Docker, never a Docker Hub namespace.
        assert_eq!(
            ImageRef::parse("MyRegistry/app").unwrap().registry,
            Registry::Other("MyRegistry".into())
        );
    }

    #[test]
    fn ecr_hosts() {
        assert_eq!(
            ImageRef::parse("account-id.dkr.ecr.us-east-1.amazonaws.com/org/repo:0.1")
                .unwrap()
                .registry,
            Registry::Ecr {
                account: "account-id".into(),
                region: "us-east-1".into(),
                china: false
            }
        );
        assert_eq!(
            ImageRef::parse("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app")
                .unwrap()
                .registry,
            Registry::Ecr {
                account: "123456789012".into(),
                region: "cn-north-1".into(),
                china: true
            }
        );
        assert_eq!(
            ImageRef::parse("123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app")
                .unwrap()
                .registry,
            Registry::Ecr {
                account: "123456789012".into(),
                region: "us-gov-west-1".into(),
                china: false
            }
        );
        assert_eq!(
            ImageRef::parse("${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com/app:1")
                .unwrap()
                .registry,
            Registry::Ecr {
                account: "${AWS_ACCOUNT_ID}".into(),
                region: "${AWS_REGION}".into(),
                china: false
            }
        );
        assert_eq!(
            ImageRef::parse("<< pipeline.parameters.acct >>.dkr.ecr.eu-west-1.amazonaws.com/app")
                .unwrap()
                .registry,
            Registry::Ecr {
                account: "<< pipeline.parameters.acct >>".into(),
                region: "eu-west-1".into(),
                china: false
            }
        );
        // Not ECR: wrong shape.
        assert_eq!(
            ImageRef::parse("dkr.ecr.us-east-1.amazonaws.com/app")
                .unwrap()
                .registry,
            Registry::Other("dkr.ecr.us-east-1.amazonaws.com".into())
        );
    }

    #[test]
    fn digests() {
        let d = "sha256:4d7d2a4a2a3f1ac1b8d9f3bd1a1f9f8fd0d0a6b1c3f0e7a6f5b4c3d2e1f0a9b8";
        assert_eq!(
            show(&format!("redis@{d}")),
            format!("DockerHub | - | - | redis@0..5 | - | {d}@6..77")
        );
        assert_eq!(
            show(&format!("quay.io/a/b:1.0@{d}")),
            format!("Quay | quay.io@0..7 | a@8..9 | b@10..11 | 1.0@12..15 | {d}@16..87")
        );
        let r = ImageRef::parse(&format!("redis@{d}")).unwrap();
        assert_eq!(r.effective_tag(), None);
    }

    #[test]
    fn parameters_in_the_tag_keep_the_registry() {
        assert_eq!(
            show("cimg/node:<< parameters.version >>"),
            "DockerHub | - | cimg@0..4 | node@5..9 | << parameters.version >>@10..34 | -"
        );
        assert_eq!(
            show("cimg/python:<<pipeline.parameters.py>>"),
            "DockerHub | - | cimg@0..4 | python@5..11 | <<pipeline.parameters.py>>@12..38 | -"
        );
        assert_eq!(
            show("quay.io/org/app:${TAG}"),
            "Quay | quay.io@0..7 | org@8..11 | app@12..15 | ${TAG}@16..22 | -"
        );
        assert_eq!(
            ImageRef::parse("redis:$REDIS_VERSION").unwrap().registry,
            Registry::DockerHub
        );
    }

    #[test]
    fn parameters_in_the_name_make_it_unknown() {
        for s in [
            "<< parameters.image >>",
            "<< parameters.image >>:1",
            "$IMAGE",
            "${IMAGE}:latest",
            "cimg/<< parameters.lang >>:1",
            "cimg/node-${VARIANT}",
            "<< parameters.registry >>/app:1",
            "${REGISTRY}/app:1",
            "$ECR_REPO/app",
            "quay.io/org/$APP:1",
            "my-${REG}.example.com/app",
        ] {
            assert_eq!(
                ImageRef::parse(s).unwrap().registry,
                Registry::Unknown,
                "{s}"
            );
        }
        // The namespace alone being a variable does not hide a known host.
        assert_eq!(
            ImageRef::parse("quay.io/${ORG}/app:1").unwrap().registry,
            Registry::Quay
        );
    }

    #[test]
    fn odd_input_never_panics() {
        assert_eq!(show(""), "none");
        assert_eq!(show("   "), "none");
        for s in [
            "/",
            "//",
            ":",
            "@",
            "a@",
            "@b",
            ":tag",
            "a/",
            "/a",
            "a//b",
            "ü",
            "ü/ö:ä",
            "a:b:c",
            "<<",
            "${",
            "$",
            "a@b@c",
            "x/y@",
            "quay.io/",
            "localhost:",
        ] {
            let _ = ImageRef::parse(s);
        }
        assert!(!ImageRef::parse("quay.io/").unwrap().is_known());
        assert_eq!(
            show("ü/ö:ä"),
            "DockerHub | - | ü@0..2 | ö@3..5 | ä@6..8 | -"
        );
    }

    #[test]
    fn login_servers() {
        assert_eq!(registry_of_server("quay.io"), Registry::Quay);
        assert_eq!(registry_of_server("docker.io"), Registry::DockerHub);
        assert_eq!(
            registry_of_server("https://index.docker.io/v1/"),
            Registry::DockerHub
        );
        assert_eq!(registry_of_server("$DOCKER_REGISTRY"), Registry::Unknown);
        assert_eq!(registry_of_server(""), Registry::Unknown);
        assert!(matches!(
            registry_of_server("${AWS_ECR_REGISTRY_ID}.dkr.ecr.${ECR_REGION}.amazonaws.com"),
            Registry::Ecr { .. }
        ));
        assert_eq!(
            registry_of_server("myregistry"),
            Registry::Other("myregistry".into())
        );
    }

    #[test]
    fn env_prefixes() {
        let p = |s: &str| ImageRef::parse(s).unwrap().registry.env_prefix();
        assert_eq!(p("redis").as_deref(), Some("DOCKERHUB"));
        assert_eq!(p("quay.io/a/b").as_deref(), Some("QUAY"));
        assert_eq!(p("ghcr.io/a/b").as_deref(), Some("GHCR"));
        assert_eq!(p("registry.gitlab.com/a/b").as_deref(), Some("GITLAB"));
        assert_eq!(p("myco.azurecr.io/a").as_deref(), Some("AZURECR"));
        assert_eq!(p("localhost:5000/a").as_deref(), Some("LOCALHOST"));
        assert_eq!(p("10.0.0.1:5000/a").as_deref(), Some("REGISTRY"));
        assert_eq!(p("$X/a"), None);
    }
}
